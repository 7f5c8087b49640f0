import { describe, expect, it } from "@effect/vitest"
import { DateTime, Deferred, Duration, Effect, Fiber, Layer, Redacted, Ref, TestClock } from "effect"
import { Upstream } from "../../core/domain/errors.ts"
import type { StsCredentials } from "../../core/domain/media.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { cachedCredentialIssuer } from "../../core/caches/credential_cache.ts"

/** An issuer that counts its calls, waits for `gate` before answering, and fails while `failing` is set. */
const countingIssuer = Effect.gen(function*() {
  const calls = yield* Ref.make(0)
  const failing = yield* Ref.make(false)
  const gate = yield* Deferred.make<void>()
  const issuer = CredentialIssuer.of({
    issue: Effect.gen(function*() {
      const n = yield* Ref.updateAndGet(calls, (c) => c + 1)
      yield* Deferred.await(gate)
      if (yield* Ref.get(failing)) return yield* new Upstream({ service: "sts", code: "InternalError" })
      const now = yield* DateTime.now
      return {
        accessKeyId: `STS.key${n}`,
        accessKeySecret: Redacted.make("secret"),
        securityToken: Redacted.make("token"),
        expiration: DateTime.addDuration(now, Duration.hours(1))
      } satisfies StsCredentials
    })
  })
  const cached = yield* cachedCredentialIssuer(Duration.minutes(5)).pipe(
    Effect.provide(Layer.succeed(CredentialIssuer, issuer))
  )
  return { calls, failing, gate, cached }
})

describe("cachedCredentialIssuer()", () => {
  it.effect("shares one call among 100 concurrent callers and reuses it until 5 minutes before expiry", () =>
    Effect.gen(function*() {
      const { cached, calls, gate } = yield* countingIssuer
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 100 }, () => cached.issue), { concurrency: "unbounded" }))
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const all = yield* Fiber.join(fiber)
      expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["STS.key1"]))
      expect(yield* Ref.get(calls)).toBe(1)
      yield* TestClock.adjust(Duration.minutes(54))
      expect((yield* cached.issue).accessKeyId).toBe("STS.key1")
      yield* TestClock.adjust(Duration.minutes(2)) // 56 min: within 5 minutes of expiry
      expect((yield* cached.issue).accessKeyId).toBe("STS.key2")
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.effect("a failure reaches every waiter, is not cached, and the next caller tries again", () =>
    Effect.gen(function*() {
      const { cached, calls, failing, gate } = yield* countingIssuer
      yield* Ref.set(failing, true)
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 10 }, () => Effect.flip(cached.issue)), { concurrency: "unbounded" })
      )
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const errors = yield* Fiber.join(fiber)
      expect(errors.every((e) => e._tag === "Upstream")).toBe(true)
      expect(yield* Ref.get(calls)).toBe(1)
      yield* Ref.set(failing, false)
      expect((yield* cached.issue).accessKeyId).toBe("STS.key2")
    }))

  it.effect("a caller that is interrupted does not cancel the shared call for the others", () =>
    Effect.gen(function*() {
      const { cached, calls, gate } = yield* countingIssuer
      const leader = yield* Effect.fork(cached.issue)
      yield* Effect.yieldNow()
      const follower = yield* Effect.fork(cached.issue)
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(leader)
      yield* Deferred.succeed(gate, undefined)
      expect((yield* Fiber.join(follower)).accessKeyId).toBe("STS.key1")
      expect(yield* Ref.get(calls)).toBe(1)
    }))
})
