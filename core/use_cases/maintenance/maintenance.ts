import { Cause, Duration, Effect, Option } from "effect"
import { unavailableIn } from "../../domain/errors.ts"
import { expireUploads } from "./expire_uploads.ts"
import { pruneAuthAttempts } from "./prune_auth_attempts.ts"
import { purgeExpiredSessions } from "./purge_expired_sessions.ts"

/** Expires unpublished uploads, batch after batch, until none is left. */
export const expireAllUploads = Effect.fn("expireAllUploads")(function*() {
  let expired = 0
  for (;;) {
    const batch = yield* expireUploads()
    expired += batch
    if (batch === 0) break
  }
  if (expired > 0) yield* Effect.logInfo(`maintenance: ${expired} unpublished uploads expired; their media is being deleted`)
})

/** Bounds the sessions and attempts tables: expired sessions and attempts no limit counts any more go. */
export const tidyAuthTables = Effect.fn("tidyAuthTables")(function*() {
  yield* purgeExpiredSessions()
  yield* pruneAuthAttempts()
})

/**
 * Runs `task` every `interval` for ever. A round that fails is logged and the next one runs on time; while the
 * database is unavailable, quietly (the database adapter already says so once).
 */
const every = <R>(interval: Duration.DurationInput, name: string, task: Effect.Effect<void, never, R>) =>
  Effect.forever(Effect.zipRight(
    task.pipe(Effect.catchAllCause((cause) =>
      Option.isSome(unavailableIn(cause)) || Cause.isInterruptedOnly(cause)
        ? Effect.void
        : Effect.logWarning(`maintenance: ${name} failed`, cause)
    )),
    Effect.sleep(interval)
  ))

/**
 * The job worker's housekeeping: expiring unpublished uploads every `interval`; tidying the sessions and attempts
 * tables every hour (a purge makes every server drop its session cache, so not more often).
 */
export const maintainForever = (interval: Duration.DurationInput) =>
  Effect.all([
    every(interval, "upload expiry", expireAllUploads()),
    every(Duration.hours(1), "sessions and attempts tidy-up", tidyAuthTables())
  ], { concurrency: "unbounded", discard: true })
