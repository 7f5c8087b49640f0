import { Clock, Duration, Effect, Metric } from "effect"
import { stsCacheHit, stsCacheMiss } from "../domain/metrics.ts"
import { CredentialIssuer } from "../ports/credential_issuer.ts"
import { makeReusedValue } from "./reused_value.ts"

/**
 * Wraps the CredentialIssuer in context so credentials are reused until `refreshBefore` their expiry, and concurrent
 * callers share one call (single flight). The call runs detached from any caller, so a caller that goes away does not
 * cancel it for the others; a failure reaches every waiter, and the next caller tries again (a `ReusedValue`, reused_value.ts).
 */
export const cachedCredentialIssuer = (refreshBefore: Duration.DurationInput = Duration.minutes(5)) =>
  Effect.gen(function*() {
    const issuer = yield* CredentialIssuer
    const margin = Duration.toMillis(refreshBefore)
    const credentials = yield* makeReusedValue({
      compute: () => issuer.issue,
      freshUntil: (issued) => issued.expiration.epochMillis - margin
    })
    return CredentialIssuer.of({
      issue: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.zipRight(Metric.increment(credentials.peek(now) === undefined ? stsCacheMiss : stsCacheHit), credentials.get))
    })
  })
