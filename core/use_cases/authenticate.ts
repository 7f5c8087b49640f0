import { DateTime, Effect, Option, type Redacted } from "effect"
import { Unauthenticated } from "../domain/errors.ts"
import { isSessionActive } from "../domain/session.ts"
import { SessionRepository } from "../ports/session_repository.ts"
import { TokenGenerator } from "../ports/token_generator.ts"
import { UserRepository } from "../ports/user_repository.ts"

const invalidToken = new Unauthenticated({ reason: "invalid-token" })

/** The user a token belongs to, while the token is unexpired and unrevoked. */
export const authenticate = Effect.fn("authenticate")(function*(token: Redacted.Redacted<string>) {
  const tokens = yield* TokenGenerator
  const sessions = yield* SessionRepository
  const users = yield* UserRepository
  const session = yield* sessions.findByTokenHash(tokens.hash(token))
  const now = yield* DateTime.now
  if (Option.isNone(session) || !isSessionActive(session.value, now)) return yield* invalidToken
  const user = yield* users.findById(session.value.userId)
  if (Option.isNone(user)) return yield* invalidToken
  return user.value
})
