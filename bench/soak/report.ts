import type { AuditFigures } from "./audit.ts"
import type { RestartFigures } from "./restart.ts"
import type { LogSummary } from "./server_log.ts"
import { quantile, type Stats } from "./stats.ts"

/** One endpoint's line of the report. */
export interface EndpointLine {
  readonly endpoint: string
  readonly sent: number
  /** Answers by envelope code, or `http <status>` for the object PUT and the callback. */
  readonly codes: Readonly<Record<string, number>>
  readonly transport: Readonly<Record<string, number>>
  readonly aborted: number
  readonly unanswered: number
  readonly p50Ms: number
  readonly p99Ms: number
}

/** Everything a soak found; `pass` is the exit verdict and `failures` says why not. */
export interface SoakReport {
  readonly baseUrl: string
  readonly users: number
  readonly signedIn: number
  readonly durationMs: number
  readonly elapsedMs: number
  readonly abortRate: number
  readonly timeoutMs: number
  readonly seed: number
  /** Whether uploads went to the local media emulator; undefined when no upload credentials were answered. */
  readonly localMedia: boolean | undefined
  readonly endpoints: ReadonlyArray<EndpointLine>
  readonly totals: {
    readonly sent: number
    readonly answered: number
    readonly code500: number
    /** Requests aborted on purpose before their answer arrived. */
    readonly aborted: number
    /** Aborts planned that the answer beat (not counted as aborts). */
    readonly abortsTooLate: number
    readonly unanswered: number
    readonly transportErrors: number
  }
  readonly violations: Readonly<Record<string, number>>
  readonly violationSamples: ReadonlyArray<string>
  readonly audit: AuditFigures
  readonly restart: RestartFigures | undefined
  readonly serverLog: LogSummary | undefined
  readonly pass: boolean
  readonly failures: ReadonlyArray<string>
}

const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((a, b) => a + b, 0)

/** The endpoint lines and totals of the load, from the shared figures. */
export const loadFigures = (stats: Stats) => {
  const endpoints: Array<EndpointLine> = [...stats.endpoints.entries()].sort(([a], [b]) => a.localeCompare(b)).map(
    ([endpoint, f]) => ({
      endpoint, sent: f.sent, codes: f.codes, transport: f.transport, aborted: f.aborted, unanswered: f.unanswered,
      p50Ms: quantile(f.latencies, 0.5), p99Ms: quantile(f.latencies, 0.99)
    })
  )
  const totals = {
    sent: endpoints.reduce((n, e) => n + e.sent, 0),
    answered: endpoints.reduce((n, e) => n + sum(e.codes), 0),
    code500: endpoints.reduce((n, e) => n + (e.codes["500"] ?? 0) + (e.codes["http 500"] ?? 0), 0),
    aborted: endpoints.reduce((n, e) => n + e.aborted, 0),
    abortsTooLate: [...stats.endpoints.values()].reduce((n, f) => n + f.abortsTooLate, 0),
    unanswered: endpoints.reduce((n, e) => n + e.unanswered, 0),
    transportErrors: endpoints.reduce((n, e) => n + sum(e.transport), 0)
  }
  return { endpoints, totals }
}

/**
 * Why a soak fails: any code "500", unanswered request, transport error, live violation, cross-user item, lost or
 * resurrected write, duplicate, unreadable list; or a load that never got going (users not signed in, nothing written).
 */
export const failuresOf = (
  totals: SoakReport["totals"],
  violations: Readonly<Record<string, number>>,
  audit: AuditFigures,
  notSignedIn: number
): Array<string> => {
  const failures: Array<string> = []
  const check = (n: number, what: string) => n > 0 && failures.push(`${n} ${what}`)
  check(totals.code500, `answers with code "500"`)
  check(totals.unanswered, "requests UNANSWERED")
  check(totals.transportErrors, "transport errors")
  check(notSignedIn, "users never signed in")
  if (audit.acknowledgedPublishes === 0) failures.push("no publish was acknowledged")
  check(sum(violations), "live-check violations")
  check(audit.crossUserItems, "cross-user items")
  check(audit.lostWrites, "lost writes")
  check(audit.resurrectedDeletes, "resurrected deletes")
  check(audit.duplicates, "duplicates")
  check(audit.auditErrors, "lists the audit could not read")
  return failures
}
