import { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"
import { Unavailable } from "../../core/domain/errors.ts"

interface ErrorShape {
  readonly code?: unknown
  readonly message?: unknown
}

// SQLSTATE classes and node socket errors that say "not now" rather than "this statement is wrong".
const unreachableStates = /^(08|53|57P0[1-4])/
const busyStates = new Set(["57014", "40001", "40P01", "55P03"])
const socketCodes = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH",
  "ECONNABORTED"
])
// pg's own wording for a dead or unobtainable connection (these errors carry no code).
const pgConnectionMessages = /Connection terminated|timeout exceeded when trying to connect|not queryable|connection error/i

/** Why a failure means the database cannot serve now, or undefined when the statement itself failed. */
export const unavailableReason = (error: unknown): "unreachable" | "busy" | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const { code, message } = error as ErrorShape
  if (typeof code === "string") {
    if (busyStates.has(code)) return "busy"
    if (unreachableStates.test(code) || socketCodes.has(code)) return "unreachable"
  }
  return typeof message === "string" && pgConnectionMessages.test(message) ? "unreachable" : undefined
}

const messages = {
  unreachable: "The database is unavailable; retry shortly",
  busy: "The database is busy; retry shortly"
} as const

/** A short description of a driver error for logs: its code and message (driver errors carry no credentials). */
const describe = (error: unknown) => {
  const { code, message } = (typeof error === "object" && error !== null ? error : {}) as ErrorShape
  return `${typeof code === "string" ? `${code} ` : ""}${typeof message === "string" ? message : String(error)}`
}

/**
 * Tells the log once when the database stops answering and once when it answers again, instead of a line per
 * failed request during an outage.
 */
export const makeOutageLog = () => {
  let down = false
  return {
    failed: (error: unknown) =>
      Effect.suspend(() => {
        if (down) return Effect.void
        down = true
        return Effect.logWarning("database unavailable").pipe(Effect.annotateLogs({ reason: describe(error) }))
      }),
    answered: Effect.suspend(() => {
      if (!down) return Effect.void
      down = false
      return Effect.logInfo("database available again")
    })
  }
}

/** The outage log of one client. */
export type OutageLog = ReturnType<typeof makeOutageLog>

/**
 * A driver failure as the client reports it: an unreachable or overloaded database is a defect of the core's
 * `Unavailable` (the edge answers "503"), anything else a SqlError of the statement.
 */
export const reportFailure = (outages: OutageLog, error: unknown, message: string) => {
  const reason = unavailableReason(error)
  if (reason === undefined) return Effect.fail(new SqlError({ cause: error, message }))
  return Effect.zipRight(outages.failed(error), Effect.die(new Unavailable({ message: messages[reason] })))
}
