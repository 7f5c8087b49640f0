import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Session } from "../domain/session.ts"
import type { UserId } from "../domain/user.ts"

/** Where login sessions live, keyed by the hash of their token. */
export class SessionRepository extends Context.Tag("core/SessionRepository")<SessionRepository, {
  /** Stores a new session; token hashes are unique. */
  readonly insert: (session: Session) => Effect.Effect<void>
  /** The session with this token hash, if any (expired and revoked ones included). */
  readonly findByTokenHash: (tokenHash: string) => Effect.Effect<Option.Option<Session>>
  /** Marks one session revoked; true when it existed and was active. */
  readonly revoke: (tokenHash: string, at: DateTime.Utc) => Effect.Effect<boolean>
  /** Marks every session of a user not yet revoked (expired ones too) revoked; returns how many. */
  readonly revokeAllOfUser: (userId: UserId, at: DateTime.Utc) => Effect.Effect<number>
  /**
   * Revokes the user's sessions active at `at` beyond the `keep` newest (by creation time); the session `newest`
   * (the one just issued) is always among those kept. Returns how many were revoked.
   */
  readonly revokeAllButNewest: (userId: UserId, keep: number, newest: string, at: DateTime.Utc) => Effect.Effect<number>
  /** Deletes sessions that expired before `before`; returns how many. */
  readonly deleteExpired: (before: DateTime.Utc) => Effect.Effect<number>
}>() {}
