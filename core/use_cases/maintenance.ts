import { Cause, Duration, Effect, Option } from "effect"
import { unavailableIn } from "../domain/errors.ts"
import { expireUploads } from "./expire_uploads.ts"

/** One round of housekeeping: expires unpublished uploads, batch after batch, until none is left. */
export const maintain = Effect.fn("maintain")(function*() {
  let expired = 0
  for (;;) {
    const batch = yield* expireUploads()
    expired += batch
    if (batch === 0) break
  }
  if (expired > 0) yield* Effect.logInfo(`maintenance: ${expired} unpublished uploads expired; their media is being deleted`)
})

/**
 * Runs {@link maintain} every `interval` for ever. A round that fails is logged and the next one runs on time; while
 * the database is unavailable, quietly (the database adapter already says so once).
 */
export const maintainForever = (interval: Duration.DurationInput) =>
  Effect.forever(Effect.zipRight(
    maintain().pipe(Effect.catchAllCause((cause) =>
      Option.isSome(unavailableIn(cause)) || Cause.isInterruptedOnly(cause)
        ? Effect.void
        : Effect.logWarning("maintenance round failed", cause)
    )),
    Effect.sleep(interval)
  ))
