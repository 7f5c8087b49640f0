import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Deferred, Effect, Either, Fiber, Redacted, Ref, TestClock } from "effect"
import { bounded } from "../../adapters/crypto/hash_limits.ts"
import { make, testParams } from "../../adapters/crypto/scrypt_password_hasher.ts"
import { serverConfig } from "../../composition/config.ts"
import { RateLimited } from "../../core/domain/errors.ts"

const password = Redacted.make("password-1")
const REFUSED = "Too many sign-ins at once; retry in a moment"

describe("scrypt PasswordHasher limits", () => {
  it.effect("with concurrency 1 and a queue of 2, five concurrent hashes: three succeed, two are RateLimited", () =>
    Effect.gen(function*() {
      const hasher = yield* make(testParams, { concurrency: 1, queue: 2 })
      const results = yield* Effect.all(Array.from({ length: 5 }, () => Effect.either(hasher.hash(password))), {
        concurrency: "unbounded"
      })
      expect(results.filter(Either.isRight)).toHaveLength(3)
      const refused = results.filter(Either.isLeft).map((r) => r.left)
      expect(refused).toHaveLength(2)
      for (const error of refused) {
        expect(error).toBeInstanceOf(RateLimited)
        expect(error.message).toBe(REFUSED)
      }
      // The places free up once the hashes end.
      expect(yield* hasher.verify(password, yield* hasher.hash(password))).toBe(true)
    }))

  it.effect("verify and dummyVerify share the same limit as hash", () =>
    Effect.gen(function*() {
      const hasher = yield* make(testParams, { concurrency: 1, queue: 0 })
      const stored = yield* hasher.hash(password)
      const [first, second, third] = yield* Effect.all([
        Effect.either(hasher.verify(password, stored)),
        Effect.either(hasher.dummyVerify(password)),
        Effect.either(hasher.hash(password))
      ], { concurrency: "unbounded" })
      expect(first).toEqual(Either.right(true))
      expect(Either.isLeft(second!) && second.left._tag).toBe("RateLimited")
      expect(Either.isLeft(third!) && third.left._tag).toBe("RateLimited")
    }))

  it.effect("an unreadable stored hash verifies false without hashing", () =>
    Effect.gen(function*() {
      const hasher = yield* make(testParams, { concurrency: 1, queue: 0 })
      expect(yield* hasher.verify(password, "not-a-hash")).toBe(false)
    }))
})

describe("the hashing gate (bounded)", () => {
  // Work that holds its place until the latch opens, counting how many run at once.
  const gated = Effect.gen(function*() {
    const latch = yield* Deferred.make<void>()
    const running = yield* Ref.make({ now: 0, most: 0 })
    const work = Effect.acquireUseRelease(
      Ref.update(running, ({ most, now }) => ({ now: now + 1, most: Math.max(most, now + 1) })),
      () => Deferred.await(latch),
      () => Ref.update(running, (r) => ({ ...r, now: r.now - 1 }))
    )
    return { latch, running, work }
  })
  const settle = Effect.repeatN(Effect.yieldNow(), 20)

  it.effect("runs at most `concurrency` at once, lets `queue` more wait, and refuses the rest at once", () =>
    Effect.gen(function*() {
      const { latch, running, work } = yield* gated
      const limited = yield* bounded({ concurrency: 2, queue: 3 })
      const fibers = yield* Effect.forEach(Array.from({ length: 5 }), () => Effect.fork(limited(work)))
      yield* settle
      expect((yield* Ref.get(running)).now).toBe(2)
      const refused = yield* Effect.either(limited(work))
      expect(Either.isLeft(refused) && refused.left.message).toBe(REFUSED)
      yield* Deferred.succeed(latch, undefined)
      yield* Effect.forEach(fibers, Fiber.join)
      expect(yield* Ref.get(running)).toEqual({ now: 0, most: 2 })
    }))

  it.effect("a caller interrupted while waiting gives its place back", () =>
    Effect.gen(function*() {
      const { latch, work } = yield* gated
      const limited = yield* bounded({ concurrency: 1, queue: 1 })
      const first = yield* Effect.fork(limited(work))
      const waiting = yield* Effect.fork(limited(work))
      yield* settle
      expect(Either.isLeft(yield* Effect.either(limited(work)))).toBe(true)
      yield* Fiber.interrupt(waiting)
      const third = yield* Effect.fork(limited(work))
      yield* settle
      expect(Either.isLeft(yield* Effect.either(limited(work)))).toBe(true)
      yield* Deferred.succeed(latch, undefined)
      yield* Fiber.join(first)
      yield* Fiber.join(third)
    }))
})

describe("the hashing gate's wait", () => {
  it.effect("refuses callers whose turn has not come within maxWait, and serves the next caller once a place is free", () =>
    Effect.gen(function*() {
      const latch = yield* Deferred.make<void>()
      const limited = yield* bounded({ concurrency: 1, queue: 4, maxWait: "2 seconds" })
      const first = yield* Effect.fork(limited(Deferred.await(latch)))
      yield* Effect.yieldNow()
      const waiting = yield* Effect.fork(Effect.either(limited(Effect.succeed("late"))))
      const patient = yield* Effect.fork(Effect.either(limited(Effect.succeed("in time"))))
      yield* TestClock.adjust("2 seconds")
      const refused = yield* Fiber.join(waiting)
      expect(Either.isLeft(refused) && refused.left.message).toBe(REFUSED)
      expect(Either.isLeft(yield* Fiber.join(patient))).toBe(true)
      // Once the running one ends, the next caller gets its turn at once.
      yield* Deferred.succeed(latch, undefined)
      yield* Fiber.join(first)
      expect(yield* limited(Effect.succeed("next"))).toBe("next")
    }))
})

describe("QU_PASSWORD_HASH_CONCURRENCY and QU_PASSWORD_HASH_QUEUE", () => {
  const read = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(serverConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("default to at most 2 running (1 on two cores) and 16 waiting; set values are used", () =>
    Effect.gen(function*() {
      const defaults = yield* read({})
      const concurrency = Either.getOrThrow(defaults).passwordHashing.concurrency
      expect(concurrency >= 1 && concurrency <= 2).toBe(true)
      expect(Either.getOrThrow(defaults).passwordHashing.queue).toBe(16)
      const set = yield* read({ QU_PASSWORD_HASH_CONCURRENCY: "3", QU_PASSWORD_HASH_QUEUE: "0" })
      expect(Either.getOrThrow(set).passwordHashing).toEqual({ concurrency: 3, queue: 0 })
    }))

  it.effect("a bad value fails naming the variable", () =>
    Effect.gen(function*() {
      const bad = [["QU_PASSWORD_HASH_CONCURRENCY", "0"], ["QU_PASSWORD_HASH_CONCURRENCY", "two"], ["QU_PASSWORD_HASH_QUEUE", "-1"]]
      for (const [name, value] of bad) {
        const result = yield* read({ [name!]: value! })
        expect(Either.isLeft(result) && String(result.left), `${name}=${value}`).toContain(name)
      }
    }))
})
