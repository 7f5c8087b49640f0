import type { Effect } from "effect"
import { Context } from "effect"
import type { Nickname } from "../domain/user.ts"

/** A random public profile for a new user. */
export interface Profile {
  readonly nickname: Nickname
  readonly avatarUrl: string
}

/** Picks nicknames and avatars for anonymous and newly registered users. */
export class ProfileGenerator extends Context.Tag("core/ProfileGenerator")<ProfileGenerator, {
  /** A random nickname and avatar URL. */
  readonly random: Effect.Effect<Profile>
}>() {}
