/**
 * Start-up footprint of the server on the embedded PGlite (issue 10): time from spawn to the first 200 of GET /health
 * (polled every 20 ms) and resident memory after 5 s idle (VmRSS of the server and any children it started), for
 * RUNS first starts, each on a fresh empty QU_DATA_DIR, then RUNS restarts on the data directory of the last one.
 * Prints each run, the medians and PASS/MISS against the targets (first start < 4 s and < 400 MB; restart < 1.5 s and
 * < 250 MB; MB = 2^20 bytes); exits 0 either way. Builds nothing: run it through the build,
 * `npm run build --silent && node dist/bench/startup.js` (RUNS=3 IDLE_MS=5000 NODE_FLAGS="--enable-source-maps --expose-gc" (as npm start)
 * MAIN=dist/composition/main.js KEEP=1 to keep the data directories and logs).
 * A new data directory is a copy of a template that the first start of an installation makes (in
 * node_modules/.cache/qu-appserver, adapters/pglite/data_dir_template.ts): a first start that made it is marked, and
 * the first-start median is over the ones that copied it. COLD=1 removes the template before the first run, so that
 * run measures the first start of an installation (printed on its own, against the same targets).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs"
import { request } from "node:http"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { performance } from "node:perf_hooks"
import { defaultTemplateCache } from "../adapters/pglite/data_dir_template.ts"

const RUNS = Number(process.env.RUNS ?? 3)
const IDLE_MS = Number(process.env.IDLE_MS ?? 5000)
const POLL_MS = 20
const HEALTH_TIMEOUT_MS = Number(process.env.HEALTH_TIMEOUT_MS ?? 120_000)
// The flags of `npm start`.
const NODE_FLAGS = (process.env.NODE_FLAGS ?? "--enable-source-maps --expose-gc").split(" ").filter(Boolean)
const MAIN = resolve(process.env.MAIN ?? join(import.meta.dirname, "../composition/main.js"))
const KEEP = process.env.KEEP === "1"
const COLD = process.env.COLD === "1"
const MB = 1024 * 1024

const targets = {
  first: { ms: 4000, bytes: 400 * MB },
  restart: { ms: 1500, bytes: 250 * MB }
} as const

interface Run {
  readonly ms: number
  /** CPU time the server had used when /health first answered (user + system, all threads): steadier than ms on a busy machine. */
  readonly cpuMs: number
  readonly rss: number
  readonly peak: number
  readonly processes: number
  readonly exitMs: number
  readonly exit: string
  /** This start found no template for new data directories and made it (the first start of an installation). */
  readonly madeTemplate: boolean
}

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer().once("error", fail).listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })

/** The status of one GET, or undefined when nothing answered (yet). */
const status = (port: number, path: string): Promise<number | undefined> =>
  new Promise((done) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume()
      res.once("end", () => done(res.statusCode))
    })
    req.once("timeout", () => req.destroy())
    req.once("error", () => done(undefined))
    req.end()
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The pid and all its descendants, from /proc/<pid>/task/<tid>/children. */
const processTree = (pid: number): Array<number> => {
  const all = [pid]
  for (let i = 0; i < all.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${all[i]}/task`)) {
        const children = readFileSync(`/proc/${all[i]}/task/${tid}/children`, "utf8").trim()
        if (children !== "") all.push(...children.split(/\s+/).map(Number))
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return all
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM), 0 when the process is gone. */
const statusBytes = (pid: number, field: string): number => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match === null ? 0 : Number(match[1]) * 1024
  } catch {
    return 0
  }
}

/** User + system CPU time of a process so far, in ms (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

const exited = (child: ChildProcess): Promise<string> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(`${child.exitCode ?? child.signalCode}`)
    : new Promise((done) => child.once("exit", (code, signal) => done(`${code ?? signal}`)))

const startOnce = async (dataDir: string, label: string): Promise<Run> => {
  const port = await freePort()
  const logPath = join(dataDir, "..", `${label}.log`)
  const log = openSync(logPath, "w")
  const start = performance.now()
  const child = spawn(process.execPath, [...NODE_FLAGS, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(port),
      HOST: "127.0.0.1",
      QU_DATA_DIR: dataDir,
      QU_MEDIA: "local",
      QU_LOG_FORMAT: "json"
    },
    stdio: ["ignore", log, log]
  })
  const exit = exited(child)
  try {
    let ms = Number.NaN
    let cpu = Number.NaN
    while (Number.isNaN(ms)) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${label}: the server exited (${await exit}) before /health answered; see ${label}.log`)
      }
      if (performance.now() - start > HEALTH_TIMEOUT_MS) throw new Error(`${label}: no 200 from /health in time`)
      if ((await status(port, "/health")) === 200) {
        ms = performance.now() - start
        cpu = cpuMs(child.pid!)
      } else await sleep(POLL_MS)
    }
    await sleep(IDLE_MS)
    const tree = processTree(child.pid!)
    const rss = tree.reduce((sum, pid) => sum + statusBytes(pid, "VmRSS"), 0)
    const peak = tree.reduce((sum, pid) => sum + statusBytes(pid, "VmHWM"), 0)
    const stopping = performance.now()
    child.kill("SIGTERM")
    const code = await exit
    const exitMs = performance.now() - stopping
    const madeTemplate = readFileSync(logPath, "utf8").includes("made the template")
    return { ms, cpuMs: cpu, rss, peak, processes: tree.length, exitMs, exit: code, madeTemplate }
  } catch (e) {
    child.kill("SIGKILL")
    await exit
    throw e
  }
}

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const show = (run: Run) =>
  `${(run.ms / 1000).toFixed(2)} s to /health (${(run.cpuMs / 1000).toFixed(2)} s CPU), ${(run.rss / MB).toFixed(0)} MB RSS after ${IDLE_MS / 1000} s idle ` +
  `(peak ${(run.peak / MB).toFixed(0)} MB, ${run.processes} process${run.processes === 1 ? "" : "es"}), ` +
  `SIGTERM exit ${run.exit} in ${run.exitMs.toFixed(0)} ms${run.madeTemplate ? "; made the template" : ""}`

const verdict = (kind: keyof typeof targets, runs: ReadonlyArray<Run>, title: string): boolean => {
  const ms = median(runs.map((r) => r.ms))
  const cpu = median(runs.map((r) => r.cpuMs))
  const rss = median(runs.map((r) => r.rss))
  const target = targets[kind]
  const pass = ms < target.ms && rss < target.bytes
  console.log(
    `${title}: ${(ms / 1000).toFixed(2)} s (target < ${target.ms / 1000} s` +
      `${ms < target.ms ? "" : ", MISS"}; CPU ${(cpu / 1000).toFixed(2)} s), ${(rss / MB).toFixed(0)} MB (target < ${target.bytes / MB} MB` +
      `${rss < target.bytes ? "" : ", MISS"}): ${pass ? "PASS" : "MISS"}`
  )
  return pass
}

const main = async () => {
  const root = mkdtempSync(join(tmpdir(), "qu-bench-startup-"))
  console.log(`${MAIN} (node ${NODE_FLAGS.join(" ")}), ${RUNS} runs each, logs in ${root}`)
  try {
    if (COLD) {
      // Aside first, so that a server starting meanwhile never copies a half-removed template.
      const cache = defaultTemplateCache()
      const aside = `${cache}.bench-${process.pid}`
      if (existsSync(cache)) renameSync(cache, aside)
      rmSync(aside, { recursive: true, force: true })
    }
    const first: Array<Run> = []
    let dataDir = ""
    for (let i = 1; i <= RUNS; i++) {
      const parent = mkdtempSync(join(root, `first-${i}-`))
      dataDir = join(parent, "data")
      mkdirSync(dataDir)
      first.push(await startOnce(dataDir, `first-${i}`))
      console.log(`first start ${i}: ${show(first.at(-1)!)}`)
      // The last one's data directory is the one the restarts reuse.
      if (i < RUNS && !KEEP) rmSync(parent, { recursive: true, force: true })
    }
    const restart: Array<Run> = []
    for (let i = 1; i <= RUNS; i++) {
      restart.push(await startOnce(dataDir, `restart-${i}`))
      console.log(`restart ${i}: ${show(restart.at(-1)!)}`)
    }
    const made = first.filter((run) => run.madeTemplate)
    const copied = first.filter((run) => !run.madeTemplate)
    const madeOk = made.length === 0 ||
      verdict("first", made, "first start that made the template (once per installation)")
    const ok = [
      copied.length === 0 ? madeOk : verdict("first", copied, "first start median"),
      verdict("restart", restart, "restart median")
    ]
    console.log(ok.every(Boolean) ? "PASS" : "MISS")
    if (!KEEP) rmSync(root, { recursive: true, force: true })
  } catch (e) {
    // The logs stay for a look.
    console.log(`failed: ${e instanceof Error ? e.message : String(e)}`)
  }
}

await main()
