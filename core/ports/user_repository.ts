import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict, NotFound } from "../domain/errors.ts"
import type { Nickname, NewUser, User, UserCredentials, UserId, Username } from "../domain/user.ts"

/** A user as the admin list shows it: with when an administrator disabled it, if they did. */
export interface AdminUser {
  readonly user: User
  readonly disabledAt: Option.Option<DateTime.Utc>
}

/** Filters of the admin user list: a substring of the username or nickname (case-sensitive), disabled or not. */
export interface AdminUserFilter {
  readonly search: Option.Option<string>
  readonly disabled: Option.Option<boolean>
}

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
  /** Users matching the filter, newest (highest id) first, with ids below `before` when given; at most `limit`. */
  readonly list: (
    filter: AdminUserFilter,
    page: { readonly before: Option.Option<UserId>; readonly limit: number }
  ) => Effect.Effect<ReadonlyArray<AdminUser>>
  /** Disables a user at `at` (some) or enables it (none); true when that changed anything. */
  readonly setDisabled: (userId: UserId, at: Option.Option<DateTime.Utc>) => Effect.Effect<boolean, NotFound>
  /**
   * Whether the user exists and is not disabled, locking its row (shared) until the surrounding transaction ends:
   * a session issued in that transaction is then either seen by a concurrent disable or refused.
   */
  readonly lockEnabled: (userId: UserId) => Effect.Effect<boolean>
}>() {}
