import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdtempSync, openSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** A server the soak started: where it listens, its callback key, its log file, and how to stop it. */
export interface LaunchedServer {
  readonly baseUrl: string
  readonly callbackKey: string
  readonly logPath: string
  readonly database: string
  /** The exit code or signal if the server stopped by itself. */
  readonly exited: () => string | undefined
  readonly stop: () => Promise<void>
}

/** A port the kernel just handed out on 127.0.0.1, free again for the server. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

const waitForReady = async (baseUrl: string, child: ChildProcess, logPath: string, limitMs = 120_000) => {
  const until = Date.now() + limitMs
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Cannot soak: the server exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logPath}`)
    }
    try {
      if ((await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`Cannot soak: the server was not ready within ${limitMs / 1000} s; see ${logPath}`)
}

/**
 * Starts `node dist/composition/main.js` on a free port with a fresh QU_DATA_DIR (embedded PGlite unless
 * DATABASE_URL is set), a random QU_CALLBACK_KEY and JSON logs written to a file; resolves once /ready answers.
 */
export const launchServer = async (): Promise<LaunchedServer> => {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), "qu-soak-"))
  const logPath = join(dir, "server.log")
  const log = openSync(logPath, "a")
  const callbackKey = randomBytes(24).toString("base64url")
  const baseUrl = `http://127.0.0.1:${port}`
  const databaseUrl = process.env.DATABASE_URL?.trim()
  const main = fileURLToPath(new URL("../../composition/main.js", import.meta.url))
  const child = spawn(process.execPath, ["--enable-source-maps", main], {
    cwd: fileURLToPath(new URL("../../../", import.meta.url)),
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      QU_PUBLIC_URL: baseUrl,
      QU_DATA_DIR: join(dir, "data"),
      QU_CALLBACK_KEY: callbackKey,
      QU_LOG_FORMAT: "json",
      // Every simulated user shares 127.0.0.1: per-address limits would measure the limits, not the server.
      QU_UPLOAD_QUOTA_ADDRESS_UPLOADS: "1000000",
      QU_UPLOAD_QUOTA_ADDRESS_BYTES: String(2 ** 52),
      QU_LOGIN_FAILURES_PER_ADDRESS: "1000000",
      QU_REGISTER_PER_ADDRESS: "1000000",
      QU_RANDOM_USER_PER_ADDRESS: "1000000",
      QU_DEMO_RATE: "1000000"
    }
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve))
      child.kill("SIGTERM")
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000)
      await exited
      clearTimeout(killer)
    }
    // The log stays for the reader; the database files (PGlite) do not.
    rmSync(join(dir, "data"), { recursive: true, force: true })
  }
  try {
    await waitForReady(baseUrl, child, logPath)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    baseUrl, callbackKey, logPath,
    database: databaseUrl ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite",
    exited: () => (child.exitCode === null && child.signalCode === null ? undefined : String(child.exitCode ?? child.signalCode)),
    stop
  }
}
