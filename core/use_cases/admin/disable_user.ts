import { DateTime, Effect, Option } from "effect"
import type { UserId } from "../../domain/user.ts"
import { SessionRepository } from "../../ports/session_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UserRepository } from "../../ports/user_repository.ts"

/**
 * Disables a user: in one transaction the user is marked disabled and every session revoked, so its tokens stop
 * working at once (both writes advance the `users` version, which empties the session cache) and login refuses it
 * until enableUser. Disabling a disabled user changes nothing more. NotFound for an unknown user.
 */
export const disableUser = Effect.fn("admin.disableUser")(function*(userId: UserId) {
  const users = yield* UserRepository
  const sessions = yield* SessionRepository
  const transactor = yield* Transactor
  return yield* transactor.withTransaction(Effect.gen(function*() {
    const now = yield* DateTime.now
    const changed = yield* users.setDisabled(userId, Option.some(now))
    const revoked = yield* sessions.revokeAllOfUser(userId, now)
    return { changed, revoked }
  }))
})
