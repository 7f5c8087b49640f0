import { Effect, Layer, Redacted } from "effect"
import { SessionCache } from "../../../core/caches/session_cache.ts"
import { Unauthenticated } from "../../../core/domain/errors.ts"
import { mapDomainErrors } from "../wire/error_codes.ts"
import { Authentication } from "./security.ts"

/** What can be a token at all: anything else is refused before any lookup. */
export const TOKEN = /^[A-Za-z0-9_-]{16,512}$/

/** Implements {@link Authentication} with the core's session cache. */
export const layer = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const sessions = yield* SessionCache
    const check = (token: Redacted.Redacted<string>) => {
      const value = Redacted.value(token).trim()
      // Cheap rejection of what can never be a token, before any lookup.
      const attempt = TOKEN.test(value)
        ? sessions.authenticate(Redacted.make(value))
        : Effect.fail(new Unauthenticated({ reason: value === "" ? "missing-token" : "invalid-token" }))
      return attempt.pipe(mapDomainErrors)
    }
    return Authentication.of({ bearer: check, token: check })
  })
)
