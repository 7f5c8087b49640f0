import { DateTime, Effect } from "effect"
import { Forbidden } from "../../domain/errors.ts"
import type { Nickname, User, UserId } from "../../domain/user.ts"
import { UserRepository } from "../../ports/user_repository.ts"

/** Input of {@link updateNickname}: the authenticated caller and the user they name. */
export interface UpdateNicknameInput {
  readonly caller: User
  readonly userId: UserId
  readonly nickname: Nickname
}

/** Renames the caller. Naming any other user is Forbidden, whether or not that user exists. */
export const updateNickname = Effect.fn("updateNickname")(function*(input: UpdateNicknameInput) {
  if (input.userId !== input.caller.userId) {
    return yield* new Forbidden({ message: "Cannot update user: userId is not the logged-in user" })
  }
  const users = yield* UserRepository
  return yield* users.updateNickname(input.caller.userId, input.nickname, yield* DateTime.now)
})
