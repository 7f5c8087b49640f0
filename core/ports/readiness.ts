import type { Effect } from "effect"
import { Context } from "effect"

/** Whether the server's own dependencies (its database) answer; backs the readiness probe. */
export class Readiness extends Context.Tag("core/Readiness")<Readiness, {
  /** Succeeds when the dependencies answer; fails or dies otherwise. */
  readonly check: Effect.Effect<void, unknown>
}>() {}
