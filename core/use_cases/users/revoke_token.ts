import { DateTime, Effect, type Redacted } from "effect"
import { SessionRepository } from "../../ports/session_repository.ts"
import { TokenGenerator } from "../../ports/token_generator.ts"

/** Ends the session of one token (logout); revoking an unknown or already revoked token is a no-op. */
export const revokeToken = Effect.fn("revokeToken")(function*(token: Redacted.Redacted<string>) {
  const tokens = yield* TokenGenerator
  const sessions = yield* SessionRepository
  yield* sessions.revoke(tokens.hash(token), yield* DateTime.now)
})
