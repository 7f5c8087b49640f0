import { Effect, Layer, Redacted } from "effect"
import type { UserRepository } from "../../core/ports/user_repository.ts"
import type { SessionRepository } from "../../core/ports/session_repository.ts"
import type { TokenGenerator } from "../../core/ports/token_generator.ts"
import { authenticate } from "../../core/use_cases/authenticate.ts"
import { Unauthenticated } from "../../core/domain/errors.ts"
import { mapDomainErrors } from "./error_codes.ts"
import { Authentication } from "./security.ts"

const TOKEN = /^[A-Za-z0-9_-]{16,512}$/

/** Implements {@link Authentication} with the core's authenticate use case. */
export const layer = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const context = yield* Effect.context<UserRepository | SessionRepository | TokenGenerator>()
    const check = (token: Redacted.Redacted<string>) => {
      const value = Redacted.value(token).trim()
      // Cheap rejection of what can never be a token, before any lookup.
      const attempt = TOKEN.test(value)
        ? authenticate(Redacted.make(value))
        : Effect.fail(new Unauthenticated({ reason: value === "" ? "missing-token" : "invalid-token" }))
      return attempt.pipe(mapDomainErrors, Effect.provide(context))
    }
    return Authentication.of({ bearer: check, token: check })
  })
)
