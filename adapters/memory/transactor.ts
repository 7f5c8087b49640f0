import { Effect, Layer } from "effect"
import { Transactor } from "../../core/ports/transactor.ts"
import { MemoryStore } from "./store.ts"

/** Transactions over the in-memory tables (snapshot and restore). */
export const layer = Layer.effect(
  Transactor,
  Effect.map(MemoryStore, (store) => Transactor.of({ withTransaction: store.transaction }))
)
