import { AppUser } from "./app_user.ts"
import { audit } from "./audit.ts"
import { Ledger } from "./ledger.ts"
import { Rng } from "./random.ts"
import { failuresOf, loadFigures, type SoakReport } from "./report.ts"
import { type RestartFigures, runRestart } from "./restart.ts"
import { type LogSource, summarizeLog } from "./server_log.ts"
import { Stats } from "./stats.ts"

/** What to soak and how hard; everything but the base URL and the load's shape has a default. */
export interface SoakOptions {
  readonly baseUrl: string
  readonly durationMs: number
  readonly users: number
  readonly abortRate: number
  readonly seed: number
  /** A request unanswered this long counts as UNANSWERED; 10 s when not given. */
  readonly timeoutMs?: number | undefined
  /** The server's QU_CALLBACK_KEY; callbacks go unsigned when not given. */
  readonly callbackKey?: string | undefined
  /** The URL the server's callback signature covers; `<baseUrl>/vodcallback/callback` when not given. */
  readonly callbackUrl?: string | undefined
  /** Shell command run once at half-time (e.g. a database restart). */
  readonly restart?: string | undefined
  /** Pause between the end of the load and the audit; 2 s when not given (the feed may reuse a page for 1 s). */
  readonly settleMs?: number | undefined
  /** The server's log, for its count of ERROR lines. */
  readonly serverLog?: LogSource | undefined
  /** Receives a progress line every 10 s. */
  readonly onProgress?: ((line: string) => void) | undefined
}

const CALLBACK_PATH = "/vodcallback/callback"

/** Drives `users` simulated app users against `baseUrl` for `durationMs`, then audits the lists and reports. */
export const runSoak = async (options: SoakOptions): Promise<SoakReport> => {
  const baseUrl = options.baseUrl.replace(/\/+$/, "")
  const timeoutMs = options.timeoutMs ?? 10_000
  const stats = new Stats()
  const ledger = new Ledger()
  const rng = new Rng(options.seed)
  const started = Date.now()
  const ctx = {
    baseUrl, stats, ledger, abortRate: options.abortRate, timeoutMs,
    deadline: started + options.durationMs, durationMs: options.durationMs, users: options.users,
    runId: started.toString(36),
    callback: { path: CALLBACK_PATH, signedUrl: options.callbackUrl ?? `${baseUrl}${CALLBACK_PATH}`, key: options.callbackKey }
  }
  const users = Array.from({ length: options.users }, (_, i) => new AppUser(i, ctx, rng.fork(i)))
  const progress = options.onProgress === undefined ? undefined : setInterval(() => {
    const { totals } = loadFigures(stats)
    options.onProgress?.(`${((Date.now() - started) / 1000).toFixed(0)} s: ${totals.sent} requests, code "500" ${totals.code500}, ` +
      `aborted ${totals.aborted}, unanswered ${totals.unanswered}, transport errors ${totals.transportErrors}`)
  }, 10_000)
  let restart: Promise<RestartFigures> | undefined
  const restartTimer = options.restart === undefined ? undefined : setTimeout(() => {
    options.onProgress?.(`running restart command: ${options.restart}`)
    restart = runRestart(options.restart!, started)
  }, options.durationMs / 2)
  try {
    await Promise.all(users.map((user) => user.run()))
  } finally {
    clearInterval(progress)
    clearTimeout(restartTimer)
  }
  const elapsedMs = Date.now() - started
  const restartFigures = await restart
  await Promise.all(users.map((user) => user.close()))
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 2_000))
  const auditFigures = await audit(baseUrl, users, ledger, timeoutMs)
  const { endpoints, totals } = loadFigures(stats)
  const signedIn = users.filter((u) => u.session !== undefined).length
  const failures = failuresOf(totals, stats.violations, auditFigures, options.users - signedIn)
  const serverLog = options.serverLog === undefined
    ? undefined
    : summarizeLog(options.serverLog.path, await options.serverLog.read())
  return {
    baseUrl, users: options.users, signedIn,
    durationMs: options.durationMs, elapsedMs, abortRate: options.abortRate, timeoutMs, seed: options.seed,
    localMedia: users.some((u) => u.local === true) ? true : users.some((u) => u.local === false) ? false : undefined,
    endpoints, totals, violations: stats.violations, violationSamples: stats.samples, audit: auditFigures,
    restart: restartFigures, serverLog, pass: failures.length === 0, failures
  }
}
