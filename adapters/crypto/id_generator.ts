import { Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { IdGenerator } from "../../core/ports/id_generator.ts"

/** UUIDs from node:crypto. */
export const layer = Layer.succeed(IdGenerator, IdGenerator.of({ uuid: Effect.sync(() => randomUUID()) }))
