import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Ref, TestClock } from "effect"
import { completeWrite, layer as writesLayer } from "../../adapters/http/middleware/writes.ts"

describe("completeWrite()", () => {
  it.scoped("finishes a write whose request was interrupted, and hands its result to a caller still waiting", () =>
    Effect.gen(function*() {
      const done = yield* Ref.make(0)
      const write = Effect.zipRight(Effect.sleep("100 millis"), Ref.updateAndGet(done, (n) => n + 1))
      const abandoned = yield* Effect.fork(completeWrite(write))
      yield* TestClock.adjust("10 millis")
      yield* Fiber.interrupt(abandoned)
      expect(yield* Ref.get(done)).toBe(0)
      yield* TestClock.adjust("100 millis")
      expect(yield* Ref.get(done)).toBe(1)
      const waited = yield* Effect.fork(completeWrite(Effect.as(write, "second")))
      yield* TestClock.adjust("100 millis")
      expect(yield* Fiber.join(waited)).toBe("second")
    }).pipe(Effect.provide(writesLayer)))

  it.effect("lets shutdown wait for writes still running", () =>
    Effect.gen(function*() {
      const done = yield* Ref.make(false)
      const server = Effect.gen(function*() {
        yield* Effect.fork(completeWrite(Effect.zipRight(Effect.sleep("1 second"), Ref.set(done, true))))
        yield* Effect.yieldNow()
      }).pipe(Effect.provide(Layer.fresh(writesLayer)), Effect.scoped)
      const stopping = yield* Effect.fork(server)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(stopping)
      expect(yield* Ref.get(done)).toBe(true)
    }))
})
