import { describe, expect, it } from "@effect/vitest"
import { Clock, Deferred, Duration, Effect, Fiber, FastCheck as fc, Option, TestClock } from "effect"
import { makeReusedValue } from "../../core/caches/reused_value.ts"

/** A value that tells which computation made it, and what the "store" held when that computation started. */
interface Computed {
  readonly computation: number
  readonly version: number
}

describe("makeReusedValue()", () => {
  it.effect.prop(
    "concurrent callers share one computation, which interrupted callers do not cancel, and whose value is kept",
    { interrupted: fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }) },
    ({ interrupted }) =>
      Effect.gen(function*() {
        const gate = yield* Deferred.make<void>()
        let computations = 0
        const value = yield* makeReusedValue<Computed, never>({
          compute: () =>
            Effect.suspend(() => Effect.as(Deferred.await(gate), { computation: ++computations, version: 0 })),
          freshUntil: (_, startedAt) => startedAt + 1000
        })
        const callers = yield* Effect.forEach(interrupted, () => Effect.fork(value.get))
        yield* Effect.yieldNow()
        yield* Effect.forEach(callers.filter((_, i) => interrupted[i]), Fiber.interrupt)
        yield* Deferred.succeed(gate, undefined)
        const served = yield* Effect.forEach(callers.filter((_, i) => !interrupted[i]), Fiber.join)
        expect(served.every((v) => v.computation === 1)).toBe(true)
        expect((yield* value.get).computation).toBe(1)
        expect(value.peek(yield* Clock.currentTimeMillis)?.computation).toBe(1)
        expect(computations).toBe(1)
      })
  )

  it.effect.prop(
    "a failure reaches every waiter and is not kept: the next call computes again",
    { waiters: fc.integer({ min: 1, max: 40 }) },
    ({ waiters }) =>
      Effect.gen(function*() {
        const gate = yield* Deferred.make<void>()
        let computations = 0
        const value = yield* makeReusedValue<Computed, string>({
          compute: () =>
            Effect.suspend(() => {
              const n = ++computations
              return Effect.zipRight(
                Deferred.await(gate),
                n === 1 ? Effect.fail(`failure ${n}`) : Effect.succeed({ computation: n, version: 0 })
              )
            }),
          freshUntil: (_, startedAt) => startedAt + 1000
        })
        const fiber = yield* Effect.fork(
          Effect.all(Array.from({ length: waiters }, () => Effect.flip(value.get)), { concurrency: "unbounded" })
        )
        yield* Effect.yieldNow()
        yield* Deferred.succeed(gate, undefined)
        expect(yield* Fiber.join(fiber)).toEqual(Array.from({ length: waiters }, () => "failure 1"))
        expect(value.peek(yield* Clock.currentTimeMillis)).toBeUndefined()
        expect((yield* value.get).computation).toBe(2)
        expect(computations).toBe(2)
      })
  )

  it.effect.prop(
    "after an invalidation, no caller (get or peek) is served a value computed before it",
    {
      ops: fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), write: fc.boolean() }), { maxLength: 30 }),
      computeMillis: fc.integer({ min: 0, max: 3000 }),
      ttlMillis: fc.integer({ min: 1, max: 5000 })
    },
    ({ computeMillis, ops, ttlMillis }) =>
      Effect.gen(function*() {
        // `store` is the data the value is computed from; a write changes it, then invalidates.
        let store = 0
        // The newest store version whose write (and invalidation) has completed.
        let committed = 0
        let computations = 0
        const value = yield* makeReusedValue<Computed, never>({
          compute: () =>
            Effect.suspend(() => {
              const read = { computation: ++computations, version: store }
              return Effect.as(Effect.sleep(Duration.millis(computeMillis)), read)
            }),
          freshUntil: (_, startedAt) => startedAt + ttlMillis
        })
        const write = Effect.gen(function*() {
          const version = ++store
          yield* value.invalidate
          committed = Math.max(committed, version)
        })
        const read = Effect.gen(function*() {
          const before = committed
          const peeked = Option.fromNullable(value.peek(yield* Clock.currentTimeMillis))
          const got = yield* value.get
          return { before, peeked: Option.map(peeked, (p) => p.version), got: got.version }
        })
        const fibers = yield* Effect.forEach(ops, (op) =>
          Effect.fork(Effect.zipRight(Effect.sleep(Duration.millis(op.at * 500)), op.write ? Effect.as(write, undefined) : read)))
        yield* TestClock.adjust(Duration.seconds(20))
        for (const fiber of fibers) {
          const outcome = yield* Fiber.join(fiber)
          if (outcome === undefined) continue
          expect(outcome.got).toBeGreaterThanOrEqual(outcome.before)
          if (Option.isSome(outcome.peeked)) expect(outcome.peeked.value).toBeGreaterThanOrEqual(outcome.before)
        }
        // And once everything has settled, the next read sees the last write.
        const last = yield* Effect.fork(value.get)
        yield* TestClock.adjust(Duration.seconds(5))
        expect((yield* Fiber.join(last)).version).toBe(store)
      })
  )
})
