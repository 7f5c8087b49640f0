import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Attempt, AttemptId, AttemptScope } from "../domain/attempt.ts"

/**
 * Where rate-limited attempts (failed logins, registrations, anonymous users) are counted, shared by every server of
 * one database. An attempt counts in the windows that contain its instant: those after `since` with `at > since`.
 */
export class AttemptRepository extends Context.Tag("core/AttemptRepository")<AttemptRepository, {
  /**
   * Records `attempt` unless `max` or more attempts of its scope and key were recorded after `since`: the new
   * attempt's id, or none when refused. Atomic: concurrent callers, on any server, never record more than `max`.
   */
  readonly recordUnder: (attempt: Attempt, since: DateTime.Utc, max: number) => Effect.Effect<Option.Option<AttemptId>>
  /** How many attempts of a scope and key were recorded after `since`. */
  readonly count: (scope: AttemptScope, key: string, since: DateTime.Utc) => Effect.Effect<number>
  /** Forgets one recorded attempt (one that turned out not to count); an unknown id is a no-op. */
  readonly remove: (id: AttemptId) => Effect.Effect<void>
  /** Deletes the attempts recorded before `before`; returns how many. */
  readonly prune: (before: DateTime.Utc) => Effect.Effect<number>
}>() {}
