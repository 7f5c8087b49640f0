/**
 * Catalogue reads against a bare node:http server, in one run: req/s of GET /resource/getPasterInfo on the real server
 * (dist/composition/main.js on a fresh embedded PGlite, or DATABASE_URL; JSON log lines to /dev/null) and of a bare
 * node:http server answering the same bytes, and their ratio (target ≥ 0.5). Each server runs in its own process;
 * the load comes from this one: keep-alive connections with one request in flight each, like `wrk -t1 -c32`, or wrk
 * itself with LOAD=wrk. With `taskset` the servers share CPU 1 and the load runs on CPU 0 (PIN=0 to turn off). Rounds
 * alternate bare and app; the ratio printed is the median of the rounds' ratios, which shared machines keep steadier
 * than absolute figures. Run: `npm run bench:catalogue` (SECONDS=4 ROUNDS=5 WARMUP=5 CONNECTIONS=32 PATH_Q=/music/… to vary).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import { mkdtempSync, openSync, rmSync } from "node:fs"
import { createServer as createHttpServer } from "node:http"
import { connect, createServer as createTcpServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

const SECONDS = Number(process.env.SECONDS ?? 4)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const WARMUP = Number(process.env.WARMUP ?? 5)
const PATH_Q = process.env.PATH_Q ?? "/resource/getPasterInfo"
const LOAD = process.env.LOAD === "wrk" ? "wrk" : "node"
const PIN = process.env.PIN !== "0" && spawnSync("taskset", ["-c", "0", "true"]).status === 0

/** `command args` pinned to one CPU when pinning is on. */
const pinned = (cpu: number, command: string, args: ReadonlyArray<string>): [string, Array<string>] =>
  PIN ? ["taskset", ["-c", String(cpu), command, ...args]] : [command, [...args]]

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createTcpServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`)
    const ok = await fetch(url).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

/** Requests completed per second over `seconds`, `connections` keep-alive sockets with one request in flight each. */
function nodeLoad(port: number, path: string, seconds: number, connections: number): Promise<number> {
  const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`)
  return new Promise((resolve, reject) => {
    let done = 0
    let stopped = false
    const sockets = Array.from({ length: connections }, () => {
      const socket = connect(port, "127.0.0.1")
      socket.setNoDelay(true)
      let pending = Buffer.alloc(0)
      socket.on("connect", () => socket.write(request))
      socket.on("error", (e) => stopped || reject(e))
      socket.on("data", (chunk) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
        for (;;) {
          const end = pending.indexOf("\r\n\r\n")
          if (end === -1) return
          const head = pending.toString("latin1", 0, end)
          if (!head.startsWith("HTTP/1.1 200")) return reject(new Error(`unexpected answer: ${head.split("\r\n")[0]}`))
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN)
          if (pending.length < end + 4 + length) return
          pending = pending.subarray(end + 4 + length)
          done++
          if (!stopped) socket.write(request)
        }
      })
      return socket
    })
    const start = process.hrtime.bigint()
    setTimeout(() => {
      stopped = true
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9
      for (const s of sockets) s.destroy()
      resolve(done / elapsed)
    }, seconds * 1000)
  })
}

function wrkLoad(port: number, path: string, seconds: number, connections: number): number {
  const [command, args] = pinned(0, "wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, `http://127.0.0.1:${port}${path}`])
  const out = execFileSync(command, args, { encoding: "utf8" })
  if (/Non-2xx/.test(out)) throw new Error(`wrk saw non-2xx answers:\n${out}`)
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN)
}

const load = (port: number, seconds: number) =>
  LOAD === "wrk" ? Promise.resolve(wrkLoad(port, PATH_Q, seconds, CONNECTIONS)) : nodeLoad(port, PATH_Q, seconds, CONNECTIONS)

async function main() {
  const children: Array<ChildProcess> = []
  const dataDir = mkdtempSync(join(tmpdir(), "qu-bench-catalogue-"))
  const stop = () => {
    for (const c of children) c.kill()
    rmSync(dataDir, { recursive: true, force: true })
  }
  // The load (this process, or wrk) gets CPU 0 to itself.
  if (PIN) execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" })
  try {
    const appPort = await freePort()
    const devNull = openSync("/dev/null", "w")
    const app = spawn(...pinned(1, process.execPath, [join(import.meta.dirname, "../composition/main.js")]), {
      env: { ...process.env, PORT: String(appPort), HOST: "127.0.0.1", QU_DATA_DIR: dataDir, QU_MEDIA: "local", QU_LOG_FORMAT: "json" },
      stdio: ["ignore", devNull, "inherit"]
    })
    children.push(app)
    await waitFor(`http://127.0.0.1:${appPort}/ready`, app)
    const body = Buffer.from(await (await fetch(`http://127.0.0.1:${appPort}${PATH_Q}`)).arrayBuffer())
    const barePort = await freePort()
    const bare = spawn(...pinned(1, process.execPath, [import.meta.filename, "--bare", String(barePort), body.toString("base64")]), {
      stdio: "inherit"
    })
    children.push(bare)
    await waitFor(`http://127.0.0.1:${barePort}${PATH_Q}`, bare)

    console.log(
      `GET ${PATH_Q} (${body.length} bytes), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s, load: ${LOAD}` +
        (PIN ? ", servers on CPU 1, load on CPU 0" : "")
    )
    // Both warm up their JIT first (the app's first answers also fill its caches).
    await load(barePort, WARMUP)
    await load(appPort, WARMUP)
    const rounds: Array<{ bare: number; app: number }> = []
    for (let round = 1; round <= ROUNDS; round++) {
      const bare = await load(barePort, SECONDS)
      const app = await load(appPort, SECONDS)
      rounds.push({ bare, app })
      console.log(`round ${round}: bare node:http ${bare.toFixed(0)} req/s, qu-appserver ${app.toFixed(0)} req/s, ratio ${(app / bare).toFixed(2)}`)
    }
    const mean = (f: (r: { bare: number; app: number }) => number) => rounds.reduce((sum, r) => sum + f(r), 0) / rounds.length
    const ratios = rounds.map((r) => r.app / r.bare).sort((a, b) => a - b)
    console.log(
      `${PATH_Q}: ${mean((r) => r.app).toFixed(0)} req/s; bare node:http: ${mean((r) => r.bare).toFixed(0)} req/s; ` +
        `ratio ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)} (median of ${rounds.length}; target ≥ 0.5)`
    )
  } finally {
    stop()
  }
}

// Started with --bare: the bare server, answering fixed bytes with the headers the real server sends.
if (process.argv[2] === "--bare") {
  const body = Buffer.from(process.argv[4]!, "base64")
  const requestId = JSON.parse(body.toString("utf8")).requestId as string
  createHttpServer((_, response) => {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length, "x-request-id": requestId })
    response.end(body)
  }).listen(Number(process.argv[3]), "127.0.0.1")
} else {
  await main()
}
