import { DateTime, Effect } from "effect"
import { describeWindow } from "../../domain/attempt.ts"
import { AuthSettings } from "../../ports/auth_settings.ts"
import { ProfileGenerator } from "../../ports/profile_generator.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UserRepository } from "../../ports/user_repository.ts"
import { issueSession } from "./issue_session.ts"
import { takeSlot } from "./throttle.ts"

/** Input of {@link randomUser}. */
export interface RandomUserInput {
  /** The caller's address as the edge sees it (the key of the per-address limit). */
  readonly clientAddress: string
}

/**
 * Creates an anonymous user (no username or password) with a random profile, and a token for it, in one unit.
 * Limited per client address (AuthSettings.throttles.randomUserPerAddress): over it the call is RateLimited.
 */
export const randomUser = Effect.fn("randomUser")(function*(input: RandomUserInput) {
  const { randomUserPerAddress: limit } = (yield* AuthSettings).throttles
  yield* takeSlot(
    "random-user-address",
    input.clientAddress,
    limit,
    `Too many new users from this address (at most ${limit.max} in ${describeWindow(limit.window)}); try again later`
  )
  const users = yield* UserRepository
  const profiles = yield* ProfileGenerator
  const transactor = yield* Transactor
  const profile = yield* profiles.random
  const createdAt = yield* DateTime.now
  return yield* transactor.withTransaction(Effect.gen(function*() {
    // An anonymous user has no username, so insert cannot conflict; a Conflict here is a bug.
    const user = yield* Effect.orDie(users.insert({
      username: undefined,
      passwordHash: undefined,
      nickname: profile.nickname,
      avatarUrl: profile.avatarUrl,
      createdAt
    }))
    const token = yield* issueSession(user.userId)
    return { user, token }
  }))
})
