/**
 * Password hashing against everything else: the real server (dist/composition/main.js, production scrypt, a fresh
 * embedded PGlite) takes BURST concurrent wrong logins while this process measures GET /health and a static file under
 * /assets/ one request at a time, before and during the burst; it prints their p50/p99, how the logins were answered
 * and the server's resident memory. The server's QU_PASSWORD_HASH_* variables pass through. Run: `npm run bench:password`
 * (BURST=24 SAMPLES=200 to vary).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"

const BURST = Number(process.env.BURST ?? 24)
const SAMPLES = Number(process.env.SAMPLES ?? 200)
const ASSET = "/assets/avatars/avatar-01.png"

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

const waitFor = async (url: string, child: ChildProcess) => {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    if (await fetch(url).then((r) => r.ok, () => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

/** Milliseconds of one GET, body read. */
const timed = async (url: string) => {
  const start = performance.now()
  const response = await fetch(url)
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return performance.now() - start
}

const percentiles = (samples: Array<number>) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!
  return `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms (${sorted.length} samples)`
}

/** The server's resident memory in MiB, or NaN where /proc does not tell. */
const residentMiB = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/** Alternates /health and the asset until `until` says stop (or `count` pairs are done); the server's RSS meanwhile. */
const sample = async (base: string, pid: number, until: () => boolean, count = Number.POSITIVE_INFINITY) => {
  const health: Array<number> = []
  const asset: Array<number> = []
  let rss = residentMiB(pid)
  // On a timer: a request stuck behind the hashes must not stop the memory readings.
  const watch = setInterval(() => (rss = Math.max(rss, residentMiB(pid))), 20)
  while (!until() && health.length < count) {
    health.push(await timed(`${base}/health`))
    asset.push(await timed(`${base}${ASSET}`))
  }
  clearInterval(watch)
  return { health, asset, rss }
}

const dataDir = mkdtempSync(join(tmpdir(), "qu-bench-password-"))
const port = await freePort()
const server = spawn(process.execPath, [join(import.meta.dirname, "../composition/main.js")], {
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", QU_DATA_DIR: dataDir, QU_MEDIA: "local", QU_LOG_FORMAT: "json" },
  stdio: ["ignore", openSync("/dev/null", "w"), "inherit"]
})
try {
  const base = `http://127.0.0.1:${port}`
  const pid = server.pid!
  const post = (path: string, params: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", body: new URLSearchParams(params) }).then((r) => r.json() as Promise<{ code: string }>)
  await waitFor(`${base}/ready`, server)
  const credentials = { username: "bench_user", password: "correct-horse-battery" }
  const registered = await post("/user/register", credentials)
  if (registered.code !== "200") throw new Error(`register answered ${JSON.stringify(registered)}`)
  await sample(base, pid, () => false, 20) // warm-up
  const before = await sample(base, pid, () => false, SAMPLES)

  let done = false
  const start = performance.now()
  const logins = Promise.all(Array.from({ length: BURST }, () =>
    post("/user/login", { ...credentials, password: "wrong-password" })
      .then((e) => ({ code: e.code, ms: performance.now() - start }))))
  void logins.finally(() => (done = true))
  const during = await sample(base, pid, () => done)
  const answers = await logins
  const codes = new Map<string, number>()
  for (const { code } of answers) codes.set(code, (codes.get(code) ?? 0) + 1)
  const tally = [...codes].map(([code, n]) => `${n} × "${code}"`).join(", ")
  const last = Math.max(...answers.map((a) => a.ms))

  const mib = (n: number) => `${n.toFixed(0)} MiB`
  console.log(`${BURST} concurrent wrong logins: ${tally}; last answer after ${last.toFixed(0)} ms`)
  console.log(`before the burst  /health  ${percentiles(before.health)}`)
  console.log(`before the burst  ${ASSET}  ${percentiles(before.asset)}`)
  console.log(`during the burst  /health  ${percentiles(during.health)}`)
  console.log(`during the burst  ${ASSET}  ${percentiles(during.asset)}`)
  console.log(`server RSS: at most ${mib(before.rss)} before the burst, ${mib(during.rss)} during it`)
} finally {
  server.kill()
  rmSync(dataDir, { recursive: true, force: true })
}
