import { Effect, Option } from "effect"
import type { UserId } from "../../domain/user.ts"
import { UserRepository } from "../../ports/user_repository.ts"

/** Enables a disabled user again: it may log in (its revoked tokens stay revoked). NotFound for an unknown user. */
export const enableUser = Effect.fn("admin.enableUser")(function*(userId: UserId) {
  const changed = yield* (yield* UserRepository).setDisabled(userId, Option.none())
  return { changed }
})
