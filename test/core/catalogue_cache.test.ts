import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Fiber, TestClock } from "effect"
import { memoryDatabase } from "../../composition/databases.ts"
import { cachedCatalogue } from "../../core/caches/catalogue_cache.ts"
import { canonicalCatalogue } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { sampleCatalogue } from "../contracts/catalogue_repository.ts"

/** The memory database with a reader that counts its calls (and can be held at a gate), and a cache over it. */
const cached = Effect.gen(function*() {
  const inner = yield* CatalogueReader
  const calls = { revision: 0, load: 0 }
  const gate = { load: Effect.void as Effect.Effect<void> }
  const counting = CatalogueReader.of({
    revision: Effect.suspend(() => (calls.revision++, inner.revision)),
    load: Effect.suspend(() => (calls.load++, Effect.zipLeft(inner.load, gate.load)))
  })
  const cache = yield* cachedCatalogue({ ttl: "5 seconds" }).pipe(Effect.provideService(CatalogueReader, counting))
  return { ...cache, calls, gate, raw: yield* CatalogueAdmin }
})

describe("cachedCatalogue()", () => {
  it.effect("serves from memory within the TTL, then checks only the revision while it is unchanged", () =>
    Effect.gen(function*() {
      const { cache, calls, reader } = yield* cached
      expect(cache.peek(0)).toBeUndefined()
      const first = yield* reader.load
      expect([cache.peek(0), cache.peek(4999), cache.peek(5000)]).toEqual([first, first, undefined])
      yield* TestClock.adjust("4 seconds")
      yield* reader.load
      expect(calls).toEqual({ revision: 0, load: 1 })
      yield* TestClock.adjust("1 second")
      // Confirmed by its revision: the very same snapshot, fresh for another TTL.
      expect(yield* reader.load).toBe(first)
      expect(calls).toEqual({ revision: 1, load: 1 })
      expect([cache.peek(9999), cache.peek(10000)]).toEqual([first, undefined])
    }).pipe(Effect.provide(memoryDatabase)))

  it.effect("sees an import by another process after the TTL, and its own imports at once", () =>
    Effect.gen(function*() {
      const { admin, cache, calls, raw, reader } = yield* cached
      expect((yield* reader.load).revision).toBe(0)
      yield* raw.replace(sampleCatalogue(1), 0)
      expect((yield* reader.load).revision).toBe(0)
      expect(cache.peek(0)?.revision).toBe(0)
      yield* TestClock.adjust("5 seconds")
      expect((yield* reader.load).catalogue).toEqual(canonicalCatalogue(sampleCatalogue(1)))
      yield* admin.replace(sampleCatalogue(2), 1)
      expect(cache.peek(5000)).toBeUndefined()
      expect((yield* reader.load).catalogue).toEqual(canonicalCatalogue(sampleCatalogue(2)))
      expect(cache.peek(5000)?.revision).toBe(2)
      expect(calls.load).toBe(3)
    }).pipe(Effect.provide(memoryDatabase)))

  it.effect("drops its snapshot after a failed replace too (the stored catalogue changed)", () =>
    Effect.gen(function*() {
      const { admin, cache, reader } = yield* cached
      yield* reader.load
      const exit = yield* Effect.exit(admin.replace(sampleCatalogue(), 7))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(cache.peek(0)).toBeUndefined()
    }).pipe(Effect.provide(memoryDatabase)))

  it.effect("concurrent loads of an empty cache share one reload", () =>
    Effect.gen(function*() {
      const { calls, reader } = yield* cached
      yield* Effect.all(Array.from({ length: 20 }, () => reader.load), { concurrency: "unbounded" })
      expect(calls).toEqual({ revision: 0, load: 1 })
    }).pipe(Effect.provide(memoryDatabase)))

  it.effect("a reload that read the old catalogue before an own import is neither kept nor served after it", () =>
    Effect.gen(function*() {
      const { admin, cache, calls, gate, reader } = yield* cached
      // A reload of revision 0 is held after it has read; meanwhile this process imports revision 1.
      gate.load = Effect.sleep("1 second")
      const before = yield* Effect.fork(reader.load)
      yield* Effect.yieldNow({ priority: 1 })
      yield* Effect.yieldNow({ priority: 1 })
      expect(calls.load).toBe(1)
      gate.load = Effect.void
      yield* admin.replace(sampleCatalogue(1), 0)
      const after = yield* reader.load
      expect(after.revision).toBe(1)
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(before)).revision).toBe(0)
      expect(cache.peek(1000)?.revision).toBe(1)
      expect((yield* reader.load).revision).toBe(1)
    }).pipe(Effect.provide(memoryDatabase)))
})
