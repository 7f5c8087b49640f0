import { Deferred, Duration, Effect, Option, Ref } from "effect"
import type { StsCredentials } from "../domain/media.ts"
import { CredentialIssuer } from "../ports/credential_issuer.ts"

type IssueError = Effect.Effect.Error<CredentialIssuer["Type"]["issue"]>
type Pending = Deferred.Deferred<StsCredentials, IssueError>

interface State {
  readonly cached: Option.Option<StsCredentials>
  readonly inFlight: Option.Option<Pending>
}

type Plan =
  | { readonly _tag: "Cached"; readonly credentials: StsCredentials }
  | { readonly _tag: "Wait"; readonly pending: Pending }
  | { readonly _tag: "Lead"; readonly pending: Pending }

/**
 * Wraps the CredentialIssuer in context so credentials are reused until `refreshBefore` their expiry, and concurrent
 * callers share one call (single-flight). The call runs detached from any caller, so a caller that goes away does not
 * cancel it for the others; a failure reaches every waiter, and the next caller tries again.
 */
export const cachedCredentialIssuer = (refreshBefore: Duration.DurationInput = Duration.minutes(5)) =>
  Effect.gen(function*() {
    const issuer = yield* CredentialIssuer
    const margin = Duration.toMillis(refreshBefore)
    const state = yield* Ref.make<State>({ cached: Option.none(), inFlight: Option.none() })

    const plan = (now: number, mine: Pending) =>
      Ref.modify(state, (s): [Plan, State] => {
        const cached = Option.filter(s.cached, (c) => c.expiration.epochMillis - margin > now)
        if (Option.isSome(cached)) return [{ _tag: "Cached", credentials: cached.value }, s]
        if (Option.isSome(s.inFlight)) return [{ _tag: "Wait", pending: s.inFlight.value }, s]
        return [{ _tag: "Lead", pending: mine }, { ...s, inFlight: Option.some(mine) }]
      })

    const lead = (pending: Pending) =>
      issuer.issue.pipe(
        Effect.exit,
        Effect.flatMap((exit) =>
          Ref.update(state, (s) => ({
            cached: exit._tag === "Success" ? Option.some(exit.value) : s.cached,
            inFlight: Option.none()
          })).pipe(Effect.zipRight(Deferred.done(pending, exit)))
        ),
        Effect.forkDaemon
      )

    const issue = Effect.gen(function*() {
      const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const next = yield* plan(now, yield* Deferred.make<StsCredentials, IssueError>())
      if (next._tag === "Cached") return next.credentials
      if (next._tag === "Lead") yield* lead(next.pending)
      return yield* Deferred.await(next.pending)
    })
    return CredentialIssuer.of({ issue })
  })
