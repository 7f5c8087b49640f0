import type { Effect } from "effect"
import { Context } from "effect"

/** Unique identifiers that are not database sequences (request ids, later media ids). */
export class IdGenerator extends Context.Tag("core/IdGenerator")<IdGenerator, {
  /** A random RFC 4122 version 4 UUID. */
  readonly uuid: Effect.Effect<string>
}>() {}
