import { Context } from "effect"

/** What readers may cache: `videos` (every list and its total), `users` (sessions and profiles). */
export type DataScope = "videos" | "users"

/**
 * Versions of stored data, for caches that must never serve stale answers (docs/reference/api-contract.md §4: a write is seen at once on
 * the server that acknowledged it, within 100 ms on the others). A version advances after every write that changes
 * its scope — before that write is acknowledged on this server, and when the database's notice arrives on the others.
 *
 * A reader notes the version before it reads and keeps what it read only while the version is unchanged.
 */
export class DataVersions extends Context.Tag("core/DataVersions")<DataVersions, {
  /**
   * The version of `scope` now, or undefined while this server could miss another's writes (its notice channel is
   * down): then nothing may be cached. Synchronous, as it is read on every request.
   */
  readonly current: (scope: DataScope) => number | undefined
}>() {}
