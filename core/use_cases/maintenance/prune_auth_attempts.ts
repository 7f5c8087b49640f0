import { DateTime, Duration, Effect } from "effect"
import { AttemptRepository } from "../../ports/attempt_repository.ts"
import { AuthSettings } from "../../ports/auth_settings.ts"

/**
 * Deletes the recorded attempts (failed logins, registrations, anonymous users) older than the longest window of
 * AuthSettings.throttles, which no limit counts any more; returns how many. Run it now and then from the job worker.
 */
export const pruneAuthAttempts = Effect.fn("pruneAuthAttempts")(function*() {
  const attempts = yield* AttemptRepository
  const { throttles } = yield* AuthSettings
  const longest = Object.values(throttles).map((limit) => limit.window).reduce(Duration.max, Duration.zero)
  return yield* attempts.prune(DateTime.subtractDuration(yield* DateTime.now, longest))
})
