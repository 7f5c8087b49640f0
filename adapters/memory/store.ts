import { Context, Effect, FiberRef, Layer, Ref } from "effect"

/**
 * The in-memory database: named tables held in Refs of immutable values, so a transaction can snapshot every
 * table and put them back on failure. Writes outside a transaction wait for running transactions to finish.
 */
export class MemoryStore extends Context.Tag("adapters/memory/MemoryStore")<MemoryStore, {
  /** The table with this name, created with `initial` on first use. */
  readonly table: <T>(name: string, initial: T) => Ref.Ref<T>
  /** Runs a write so it cannot interleave with a transaction. */
  readonly write: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Runs an effect as a transaction: all table changes kept on success, all undone on failure or interruption. */
  readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}>() {}

const inTransaction = FiberRef.unsafeMake(false)

const make = Effect.gen(function*() {
  const tables = new Map<string, Ref.Ref<unknown>>()
  const lock = yield* Effect.makeSemaphore(1)
  const table = <T>(name: string, initial: T): Ref.Ref<T> => {
    let ref = tables.get(name)
    if (ref === undefined) {
      ref = Ref.unsafeMake<unknown>(initial)
      tables.set(name, ref)
    }
    return ref as Ref.Ref<T>
  }
  const write = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.flatMap(FiberRef.get(inTransaction), (nested) => nested ? effect : lock.withPermits(1)(effect))
  // Snapshot every table, run, put the snapshot back unless the effect succeeded.
  const atomically = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.gen(function*() {
        const snapshot = yield* Effect.forEach(tables.entries(), ([name, ref]) =>
          Effect.map(Ref.get(ref), (value) => [name, value] as const))
        return yield* restore(Effect.locally(effect, inTransaction, true)).pipe(
          Effect.onExit((exit) =>
            exit._tag === "Success" ? Effect.void : Effect.forEach(snapshot, ([name, value]) =>
              Ref.set(tables.get(name)!, value), { discard: true })
          )
        )
      })
    )
  // A nested transaction behaves as a SQL savepoint: its own failure undoes only its own writes.
  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(FiberRef.get(inTransaction), (nested) =>
      nested ? atomically(effect) : lock.withPermits(1)(atomically(effect)))
  return MemoryStore.of({ table, write, transaction })
})

/** A fresh, empty in-memory database. */
export const layer = Layer.effect(MemoryStore, make)
