import { execFile, execFileSync } from "node:child_process"
import { promisify } from "node:util"

/** What wrk measured for one URL. */
export interface WrkResult {
  readonly requestsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
}

const toMs = (value: string) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim())
  if (m === null) return Number.NaN
  const n = Number(m[1])
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n
}

/**
 * Runs `wrk -t1 -c<connections> -d<seconds>s --latency url` (Debian package `wrk`) and parses its report.
 * Asynchronous, so a server in this same process keeps answering while wrk runs.
 */
export const wrk = async (url: string, seconds = 10, connections = 32): Promise<WrkResult> => {
  const { stdout: out } = await promisify(execFile)("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", url])
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]
  const p50 = /^\s+50%\s+(\S+)/m.exec(out)?.[1]
  const p99 = /^\s+99%\s+(\S+)/m.exec(out)?.[1]
  if (rps === undefined || p50 === undefined || p99 === undefined) throw new Error(`cannot read wrk output:\n${out}`)
  if (/Non-2xx/.test(out)) throw new Error(`wrk saw non-2xx answers for ${url}:\n${out}`)
  return { requestsPerSecond: Number(rps), p50Ms: toMs(p50), p99Ms: toMs(p99) }
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
