import { DateTime, Duration, Effect } from "effect"
import { SessionRepository } from "../../ports/session_repository.ts"

/** How long an expired session is kept by default before {@link purgeExpiredSessions} deletes it. */
export const DEFAULT_EXPIRED_SESSION_RETENTION = Duration.days(1)

/**
 * Deletes the sessions that expired more than `retention` ago (revoked or not); returns how many. Expired sessions
 * no longer authenticate, so this only bounds the table: run it now and then (e.g. hourly) from the job worker.
 */
export const purgeExpiredSessions = Effect.fn("purgeExpiredSessions")(function*(
  retention: Duration.DurationInput = DEFAULT_EXPIRED_SESSION_RETENTION
) {
  const sessions = yield* SessionRepository
  return yield* sessions.deleteExpired(DateTime.subtractDuration(yield* DateTime.now, retention))
})
