import { DateTime, Effect, Option } from "effect"
import { describeWindow } from "../../domain/attempt.ts"
import { usernameTaken } from "../../domain/conflicts.ts"
import type { Nickname, Password, Username } from "../../domain/user.ts"
import { AuthSettings } from "../../ports/auth_settings.ts"
import { PasswordHasher } from "../../ports/password_hasher.ts"
import { ProfileGenerator } from "../../ports/profile_generator.ts"
import { UserRepository } from "../../ports/user_repository.ts"
import { failedWith, releaseSlots, takeSlot } from "./throttle.ts"

/** Input of {@link registerUser}. */
export interface RegisterInput {
  readonly username: Username
  readonly password: Password
  /** The caller's address as the edge sees it (the key of the per-address registration limit). */
  readonly clientAddress: string
}


const register = Effect.fn("registerUser.insert")(function*(input: RegisterInput) {
  const users = yield* UserRepository
  const hasher = yield* PasswordHasher
  const profiles = yield* ProfileGenerator
  // Cheap early answer that skips the slow hash; the repository's unique index decides under races.
  if (Option.isSome(yield* users.findCredentials(input.username))) return yield* usernameTaken
  const passwordHash = yield* hasher.hash(input.password)
  const profile = yield* profiles.random
  return yield* users.insert({
    username: input.username,
    passwordHash,
    nickname: input.username as string as Nickname,
    avatarUrl: profile.avatarUrl,
    createdAt: yield* DateTime.now
  })
})

/**
 * Creates a user with a password; the nickname starts as the username, the avatar is random.
 * A username taken in any letter case is a Conflict; too many hashes at once are RateLimited. Registrations are
 * limited per client address (AuthSettings.throttles.registerPerAddress); a taken username counts too, so names
 * cannot be probed beyond the limit.
 */
export const registerUser = Effect.fn("registerUser")(function*(input: RegisterInput) {
  const { registerPerAddress: limit } = (yield* AuthSettings).throttles
  const refused = `Too many registrations from this address (at most ${limit.max} in ${describeWindow(limit.window)}); ` +
    "try again later"
  return yield* Effect.acquireUseRelease(
    takeSlot("register-address", input.clientAddress, limit, refused),
    () => register(input),
    // A busy hasher tried nothing: that attempt does not count.
    (slot, exit) => failedWith(exit, (e) => e._tag === "RateLimited") ? releaseSlots([slot]) : Effect.void
  )
})
