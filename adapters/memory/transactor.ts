import { Effect, Layer } from "effect"
import { Transactor } from "../../core/ports/transactor.ts"
import { Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

/** Transactions over the in-memory tables (snapshot and restore). */
export const layer = Layer.effect(
  Transactor,
  Effect.gen(function*() {
    const store = yield* MemoryStore
    const versions = yield* Versions
    return Transactor.of({ withTransaction: (effect) => versions.withChanges(store.transaction(effect)) })
  })
)
