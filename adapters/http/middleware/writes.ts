import { Context, Effect, Fiber, FiberSet, Layer } from "effect"

/**
 * Where the writes of requests run. Node interrupts a request's fiber when its client disconnects, which mobile
 * clients do all the time; a read may stop there, but a write that has started runs to its end (committed or rolled
 * back whole), so a disconnect never decides how much of it happened (docs/decisions/0008).
 */
export class Writes extends Context.Tag("adapters/http/Writes")<Writes, FiberSet.FiberSet<unknown, unknown>>() {}

/** How long shutdown waits for writes still running before it interrupts them (their transactions roll back). */
const SHUTDOWN_GRACE = "10 seconds"

/** The set of running writes, owned by the server: closing it waits for them, then interrupts what is left. */
export const layer = Layer.scoped(
  Writes,
  Effect.gen(function*() {
    const writes = yield* FiberSet.make<unknown, unknown>()
    // Added after the set's own finalizer, so it runs first.
    yield* Effect.addFinalizer(() => Effect.asVoid(Effect.timeoutOption(FiberSet.awaitEmpty(writes), SHUTDOWN_GRACE)))
    return writes
  })
)

/**
 * Runs a write in its own fiber and waits for it: interrupting the caller (its client went away) only stops the
 * waiting, while the write goes on with the request's context (request id, log annotations, span).
 */
export const completeWrite = <A, E, R>(write: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | Writes> =>
  Effect.flatMap(Writes, (writes) => Effect.flatMap(FiberSet.run(writes)(write), Fiber.join))
