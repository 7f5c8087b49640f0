import { describe, expect, it } from "@effect/vitest"
import { Clock, Duration, Effect, Layer, TestClock } from "effect"
import { coreTestLayer, TEST_TOKEN_TTL } from "../../composition/test_core.ts"
import { VersionedMap } from "../../core/caches/versioned_map.ts"
import { randomUser } from "../../core/use_cases/users/random_user.ts"
import * as SessionCacheLayer from "../../core/caches/session_cache.ts"
import { SessionCache } from "../../core/caches/session_cache.ts"

describe("VersionedMap", () => {
  it("drops everything when the version moves, keeps nothing read under an older or no version", () => {
    let version: number | undefined = 1
    const map = new VersionedMap<string>(() => version, 2)
    map.set("a", "A", 1)
    expect(map.get("a")).toBe("A")
    map.set("b", "B", 0)
    expect(map.get("b")).toBeUndefined()
    version = 2
    expect(map.get("a")).toBeUndefined()
    map.set("c", "C", 1)
    expect(map.get("c")).toBeUndefined()
    version = undefined
    map.set("d", "D", undefined)
    expect(map.get("d")).toBeUndefined()
  })

  it("holds at most its capacity, dropping the oldest entry first", () => {
    const map = new VersionedMap<number>(() => 7, 2)
    map.set("a", 1, 7)
    map.set("b", 2, 7)
    map.set("c", 3, 7)
    expect([map.get("a"), map.get("b"), map.get("c"), map.size]).toEqual([undefined, 2, 3, 2])
  })
})

describe("SessionCache", () => {
  const small = SessionCacheLayer.sessionCacheLayer({ capacity: 2 }).pipe(Layer.provideMerge(coreTestLayer))

  it.effect("keeps at most its capacity of tokens, and serves an entry only before the session's expiry", () =>
    Effect.gen(function*() {
      const cache = yield* SessionCache
      const anonymous = randomUser({ clientAddress: "192.0.2.1" })
      const users = yield* Effect.all([anonymous, anonymous, anonymous])
      for (const { token } of users) yield* cache.authenticate(token)
      const now = yield* Clock.currentTimeMillis
      expect(users.map(({ token }) => cache.peek(token, now)?.userId)).toEqual([
        undefined,
        users[1]!.user.userId,
        users[2]!.user.userId
      ])
      expect(cache.peek(users[2]!.token, now + Duration.toMillis(TEST_TOKEN_TTL))).toBeUndefined()
      // The evicted token still authenticates, from the repositories.
      expect((yield* cache.authenticate(users[0]!.token)).userId).toBe(users[0]!.user.userId)
      yield* TestClock.adjust(TEST_TOKEN_TTL)
      expect(cache.peek(users[0]!.token, yield* Clock.currentTimeMillis)).toBeUndefined()
    }).pipe(Effect.provide(small)))
})
