import { execFile, execFileSync } from "node:child_process"
import { promisify } from "node:util"

/** What wrk measured for one URL. */
export interface WrkResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Bytes read (headers included) per completed response. */
  readonly bytesPerResponse: number
  /** wrk's "Socket errors: …" line (connect, read, write, timeout), when it printed one. */
  readonly socketErrors?: string | undefined
}

/** A wrk Lua script (`-s`) and the arguments its `init(args)` receives (after `--`). */
export interface WrkScript {
  readonly path: string
  readonly args?: ReadonlyArray<string> | undefined
}

const toMs = (value: string) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim())
  if (m === null) return Number.NaN
  const n = Number(m[1])
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n
}

const units: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }

/**
 * Runs `wrk -t1 -c<connections> -d<seconds>s --latency [-s script] url [-- args]` (Debian package `wrk`) and parses
 * its report. Asynchronous, so a server in this same process keeps answering while wrk runs. Throws when wrk saw a
 * non-2xx answer; reports socket errors (e.g. timeouts past wrk's 2 s) in `socketErrors`.
 */
export const wrk = async (url: string, seconds = 10, connections = 32, script?: WrkScript): Promise<WrkResult> => {
  const scriptArgs = script === undefined ? [] : ["-s", script.path]
  const tail = script?.args === undefined || script.args.length === 0 ? [] : ["--", ...script.args]
  const { stdout: out } = await promisify(execFile)(
    "wrk",
    ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", ...scriptArgs, url, ...tail],
    { maxBuffer: 16 * 1024 * 1024 }
  )
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]
  const p50 = /^\s+50%\s+(\S+)/m.exec(out)?.[1]
  const p99 = /^\s+99%\s+(\S+)/m.exec(out)?.[1]
  const read = /(\d+) requests in \S+, ([\d.]+)(B|KB|MB|GB|TB) read/.exec(out)
  if (rps === undefined || p50 === undefined || p99 === undefined || read === null) throw new Error(`cannot read wrk output:\n${out}`)
  if (/Non-2xx/.test(out)) throw new Error(`wrk saw non-2xx answers for ${url}:\n${out}`)
  const socketErrors = /Socket errors:\s*(.+)/.exec(out)?.[1]?.trim()
  const bytesPerResponse = Number(read[2]) * units[read[3]!]! / Math.max(1, Number(read[1]))
  return { requestsPerSecond: Number(rps), p50Ms: toMs(p50), p99Ms: toMs(p99), bytesPerResponse, socketErrors }
}

/** Fails with a clear line when wrk is missing. */
export const requireWrk = () => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" })
  } catch (error) {
    // wrk --version exits 1 after printing; only a missing binary throws ENOENT.
    if ((error as { code?: string }).code === "ENOENT") {
      throw new Error("wrk is not installed: apt-get install wrk")
    }
  }
}
