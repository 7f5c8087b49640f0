import type { Effect } from "effect"
import { Context } from "effect"
import type { RateLimited } from "../domain/errors.ts"
import type { Password } from "../domain/user.ts"

/**
 * Slow, salted password hashing. Hashes are self-describing strings (algorithm, parameters, salt, digest)
 * so parameters can be raised later without breaking stored ones. Hashing is a bounded resource: when too many
 * hashes are running and waiting already, every method that hashes fails at once with RateLimited.
 */
export class PasswordHasher extends Context.Tag("core/PasswordHasher")<PasswordHasher, {
  /** A new hash of the password with a fresh salt and the current parameters. */
  readonly hash: (password: Password) => Effect.Effect<string, RateLimited>
  /** Whether the password matches the stored hash (constant-time); false for unreadable hashes. */
  readonly verify: (password: Password, stored: string) => Effect.Effect<boolean, RateLimited>
  /** Whether the stored hash uses weaker parameters than the current ones. */
  readonly needsRehash: (stored: string) => boolean
  /** Burns the time of one verification, so unknown usernames cost what wrong passwords cost. */
  readonly dummyVerify: (password: Password) => Effect.Effect<void, RateLimited>
}>() {}
