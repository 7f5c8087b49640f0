import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict, NotFound } from "../domain/errors.ts"
import type { Nickname, NewUser, User, UserCredentials, UserId, Username } from "../domain/user.ts"

/** Where users live. Usernames are unique case-insensitively; ids are assigned by the repository. */
export class UserRepository extends Context.Tag("core/UserRepository")<UserRepository, {
  /** Stores a new user and returns it with its id; a username taken in any case is a Conflict. */
  readonly insert: (user: NewUser) => Effect.Effect<User, Conflict>
  /** The user with this id, if any. */
  readonly findById: (userId: UserId) => Effect.Effect<Option.Option<User>>
  /** The user with this username (any case) and their password hash, if they have one. */
  readonly findCredentials: (username: Username) => Effect.Effect<Option.Option<UserCredentials>>
  /** Replaces a user's nickname and sets their modified time. */
  readonly updateNickname: (
    userId: UserId,
    nickname: Nickname,
    at: DateTime.Utc
  ) => Effect.Effect<User, NotFound>
  /** Replaces a user's stored password hash (used to raise hashing parameters on login). */
  readonly updatePasswordHash: (userId: UserId, passwordHash: string) => Effect.Effect<void, NotFound>
}>() {}
