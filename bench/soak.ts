/**
 * Soak: simulated app users (one undici Pool each) drive the server with aborts for `--duration`, then an audit
 * pages through every list against what the server acknowledged. Starts the server itself unless `--url` is given.
 * Run: `npm run soak -- --duration 60s` (options: `--help`). Exit code 0 only when nothing was lost or wrong.
 */
import { launchServer } from "./soak/launcher.ts"
import { parseOptions } from "./soak/options.ts"
import { formatReport } from "./soak/report_text.ts"
import { runSoak } from "./soak/run.ts"
import { fileLines } from "./soak/server_log.ts"

const say = (line: string) => process.stderr.write(`soak: ${line}\n`)

let options
try {
  options = parseOptions(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
}

if (options.url !== undefined) {
  const health = await fetch(`${options.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch((e: unknown) => String(e))
  if (typeof health === "string" || !health.ok) {
    process.stderr.write(`soak: cannot reach ${options.url}/health: ${typeof health === "string" ? health : `HTTP ${health.status}`}\n`)
    process.exit(2)
  }
}

const server = options.url === undefined ? await launchServer() : undefined
if (server !== undefined) say(`started the server at ${server.baseUrl} on ${server.database}; log ${server.logPath}`)
try {
  say(`${options.users} users for ${options.durationMs / 1000} s, seed ${options.seed}`)
  const report = await runSoak({
    baseUrl: server?.baseUrl ?? options.url!,
    durationMs: options.durationMs,
    users: options.users,
    abortRate: options.abortRate,
    timeoutMs: options.timeoutMs,
    seed: options.seed,
    restart: options.restart,
    callbackKey: server?.callbackKey ?? options.callbackKey,
    callbackUrl: options.callbackUrl,
    serverLog: server === undefined ? undefined : { path: server.logPath, read: () => fileLines(server.logPath) },
    onProgress: say
  })
  const exited = server?.exited()
  process.stdout.write(`${formatReport(report)}\n`)
  if (exited !== undefined) process.stdout.write(`the server exited during the soak (${exited})\n`)
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  process.exitCode = report.pass && exited === undefined ? 0 : 1
} finally {
  await server?.stop()
}
