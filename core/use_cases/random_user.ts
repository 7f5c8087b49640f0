import { DateTime, Effect } from "effect"
import { ProfileGenerator } from "../ports/profile_generator.ts"
import { Transactor } from "../ports/transactor.ts"
import { UserRepository } from "../ports/user_repository.ts"
import { issueSession } from "./issue_session.ts"

/** Creates an anonymous user (no username or password) with a random profile, and a token for it, in one unit. */
export const randomUser = Effect.fn("randomUser")(function*() {
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
