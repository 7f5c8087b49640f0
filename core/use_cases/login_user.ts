import { Effect, Option } from "effect"
import { Unauthenticated } from "../domain/errors.ts"
import type { Password, Username } from "../domain/user.ts"
import { PasswordHasher } from "../ports/password_hasher.ts"
import { Transactor } from "../ports/transactor.ts"
import { UserRepository } from "../ports/user_repository.ts"
import { issueSession } from "./issue_session.ts"

/** Input of {@link loginUser}. */
export interface LoginInput {
  readonly username: Username
  readonly password: Password
}

const badCredentials = new Unauthenticated({ reason: "bad-credentials" })

/**
 * Checks a username and password and issues a new token. An unknown username and a wrong password fail alike
 * (same error, same hashing time); too many checks at once are RateLimited. Hashes made with weaker parameters are
 * upgraded on the way.
 */
export const loginUser = Effect.fn("loginUser")(function*(input: LoginInput) {
  const users = yield* UserRepository
  const hasher = yield* PasswordHasher
  const transactor = yield* Transactor
  const found = yield* users.findCredentials(input.username)
  if (Option.isNone(found)) {
    yield* hasher.dummyVerify(input.password)
    return yield* badCredentials
  }
  const { passwordHash, user } = found.value
  if (!(yield* hasher.verify(input.password, passwordHash))) return yield* badCredentials
  // An upgrade refused for load waits for the next login; the password was right, so the login goes on.
  const upgraded = hasher.needsRehash(passwordHash)
    ? yield* hasher.hash(input.password).pipe(Effect.catchTag("RateLimited", () => Effect.succeed(undefined)))
    : undefined
  const token = yield* transactor.withTransaction(Effect.gen(function*() {
    if (upgraded !== undefined) yield* Effect.orDie(users.updatePasswordHash(user.userId, upgraded))
    return yield* issueSession(user.userId)
  }))
  return { user, token }
})
