import type { Effect } from "effect"
import { Context } from "effect"

/** Runs an effect as one unit of work: every repository write inside it lands, or none does. */
export class Transactor extends Context.Tag("core/Transactor")<Transactor, {
  readonly withTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}>() {}
