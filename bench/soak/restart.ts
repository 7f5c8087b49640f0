import { spawn } from "node:child_process"

/** When the half-time restart command ran, how long it took, and how it ended. */
export interface RestartFigures {
  readonly command: string
  /** Milliseconds after the load started. */
  readonly atMs: number
  readonly tookMs: number
  readonly exitCode: number | null
  /** The last lines it printed (to judge a failure). */
  readonly output: string
}

/** Runs `command` in a shell, capturing its output; never throws. */
export const runRestart = (command: string, startedAt: number): Promise<RestartFigures> =>
  new Promise((resolve) => {
    const atMs = Date.now() - startedAt
    const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-2000)
    }
    child.stdout.on("data", keep)
    child.stderr.on("data", keep)
    const done = (exitCode: number | null) =>
      resolve({ command, atMs, tookMs: Date.now() - startedAt - atMs, exitCode, output: output.trim().split("\n").slice(-5).join("\n") })
    child.on("error", (error) => {
      output += String(error)
      done(null)
    })
    child.on("close", (code) => done(code))
  })
