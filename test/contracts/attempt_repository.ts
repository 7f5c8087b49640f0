import { expect, layer } from "@effect/vitest"
import { DateTime, Duration, Effect, type Layer, Option } from "effect"
import type { AttemptScope } from "../../core/domain/attempt.ts"
import { AttemptRepository } from "../../core/ports/attempt_repository.ts"
import { at, unique } from "./_fixtures.ts"

const WINDOW = Duration.minutes(15)
const T = at("2030-03-01T00:00:00.000Z")
const plus = (seconds: number) => DateTime.addDuration(T, Duration.seconds(seconds))
const windowBefore = (instant: DateTime.Utc) => DateTime.subtractDuration(instant, WINDOW)

/**
 * The AttemptRepository contract. Keys are fresh per test (suites share one database); only the prune test uses
 * instants before 2030, so its counts are exact on a shared database.
 */
export const attemptRepositoryContract = <E>(name: string, repositories: Layer.Layer<AttemptRepository, E>) =>
  layer(repositories)(name, (it) => {
    const record = (scope: AttemptScope, key: string, instant: DateTime.Utc, max: number) =>
      Effect.flatMap(AttemptRepository, (a) => a.recordUnder({ scope, key, at: instant }, windowBefore(instant), max))

    it.effect("recordUnder() records up to max attempts of a scope and key in the window, then refuses", () =>
      Effect.gen(function*() {
        const attempts = yield* AttemptRepository
        const key = unique("user")
        const ids = yield* Effect.forEach([0, 1, 2], (s) => record("login-username", key, plus(s), 3))
        expect(ids.every(Option.isSome)).toBe(true)
        expect(new Set(ids.map(Option.getOrThrow)).size).toBe(3)
        expect(yield* record("login-username", key, plus(3), 3)).toEqual(Option.none())
        expect(yield* attempts.count("login-username", key, windowBefore(plus(3)))).toBe(3)
        // The refusal recorded nothing: a larger limit sees the same three.
        expect(Option.isSome(yield* record("login-username", key, plus(4), 4))).toBe(true)
        expect(yield* attempts.count("login-username", key, windowBefore(plus(4)))).toBe(4)
      }))

    it.effect("only attempts after `since` count, and each scope and key has its own count", () =>
      Effect.gen(function*() {
        const attempts = yield* AttemptRepository
        const key = `2001:db8:${unique("x").slice(2, 6)}::/64 用户`
        expect(Option.isSome(yield* record("register-address", key, T, 1))).toBe(true)
        expect(yield* attempts.count("register-address", key, DateTime.subtractDuration(T, Duration.millis(1)))).toBe(1)
        // An attempt exactly at `since` no longer counts: its window has passed.
        expect(yield* attempts.count("register-address", key, T)).toBe(0)
        const later = DateTime.addDuration(T, WINDOW)
        expect(Option.isSome(yield* record("register-address", key, later, 1))).toBe(true)
        expect(yield* record("register-address", key, plus(1), 1)).toEqual(Option.none())
        expect(Option.isSome(yield* record("random-user-address", key, plus(1), 1))).toBe(true)
        expect(Option.isSome(yield* record("register-address", `${key}-other`, plus(1), 1))).toBe(true)
      }))

    it.effect("remove() forgets one attempt and frees its slot; an unknown or malformed id is a no-op", () =>
      Effect.gen(function*() {
        const attempts = yield* AttemptRepository
        const key = unique("198.51.100")
        const first = Option.getOrThrow(yield* record("login-address", key, T, 2))
        yield* record("login-address", key, plus(1), 2)
        yield* attempts.remove(first)
        yield* attempts.remove(first)
        yield* attempts.remove("9000000000000000001")
        yield* attempts.remove("not an id")
        expect(yield* attempts.count("login-address", key, windowBefore(plus(1)))).toBe(1)
        expect(Option.isSome(yield* record("login-address", key, plus(2), 2))).toBe(true)
        expect(yield* record("login-address", key, plus(3), 2)).toEqual(Option.none())
      }))

    it.effect("concurrent recordUnder() calls for one scope and key never record more than max", () =>
      Effect.gen(function*() {
        const attempts = yield* AttemptRepository
        const key = unique("burst")
        const results = yield* Effect.all(
          Array.from({ length: 20 }, (_, i) => record("login-username", key, plus(i % 3), 5)),
          { concurrency: "unbounded" }
        )
        expect(results.filter(Option.isSome).length).toBe(5)
        expect(yield* attempts.count("login-username", key, windowBefore(plus(3)))).toBe(5)
      }))

    it.effect("prune() deletes exactly the attempts recorded before the instant", () =>
      Effect.gen(function*() {
        const attempts = yield* AttemptRepository
        const key = unique("old")
        const cutoff = at("2001-06-01T00:00:00.000Z")
        const since = at("2000-01-01T00:00:00.000Z")
        for (const instant of ["2001-05-31T23:59:59.999Z", "2001-01-01T00:00:00.000Z", "2001-06-01T00:00:00.000Z"]) {
          yield* attempts.recordUnder({ scope: "login-username", key, at: at(instant) }, since, 10)
        }
        expect(yield* attempts.prune(cutoff)).toBe(2)
        expect(yield* attempts.count("login-username", key, since)).toBe(1)
        expect(yield* attempts.prune(cutoff)).toBe(0)
      }))
  })
