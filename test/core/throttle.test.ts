import { describe, expect, it } from "@effect/vitest"
import { Cause, Clock, Duration, Effect, Exit, FastCheck as fc, Option, Redacted, TestClock } from "effect"
import type { AttemptLimit } from "../../core/domain/attempt.ts"
import type { Username } from "../../core/domain/user.ts"
import type { AuthThrottles } from "../../core/ports/auth_settings.ts"
import { loginUser } from "../../core/use_cases/users/login_user.ts"
import { randomUser } from "../../core/use_cases/users/random_user.ts"
import { registerUser } from "../../core/use_cases/users/register_user.ts"
import { coreTestLayerWith } from "../../composition/test_core.ts"

const WINDOW = Duration.minutes(10)
const limit = (max: number): AttemptLimit => ({ max, window: WINDOW })
const throttles = (overrides: Partial<AuthThrottles>): AuthThrottles => ({
  loginPerUsername: limit(3),
  loginPerAddress: limit(4),
  registerPerAddress: limit(1_000),
  randomUserPerAddress: limit(1_000),
  ...overrides
})
const withThrottles = (overrides: Partial<AuthThrottles> = {}) => coreTestLayerWith({ throttles: throttles(overrides) })

const RIGHT = Redacted.make("right-password")
const WRONG = Redacted.make("wrong-password")
const name = (s: string) => s as Username

/** "success", or the tag of the typed failure (undefined for a defect). */
const outcome = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>) =>
  Exit.isSuccess(exit) ? "success" : Option.getOrUndefined(Option.map(Cause.failureOption(exit.cause), (e) => e._tag))

const login = (username: string, password: Redacted.Redacted<string>, clientAddress: string) =>
  Effect.map(Effect.exit(loginUser({ username: name(username), password, clientAddress })), outcome)

// Registered users (one with an upper-case spelling to log in as), and one name nobody registered.
const NAMES = ["alice", "BOB", "carol_unknown"] as const
const ADDRESSES = ["192.0.2.1", "192.0.2.2", "2001:db8::/64"] as const
const register = Effect.forEach(["alice", "bob"], (username) =>
  registerUser({ username: name(username), password: RIGHT, clientAddress: "198.51.100.1" }), { discard: true })

interface Logged {
  readonly at: number
  readonly step: number
  readonly user: string
  readonly address: string
  readonly right: boolean
  readonly result: string | undefined
}

describe("login throttle", () => {
  const attempt = fc.record({
    user: fc.constantFrom(...NAMES),
    address: fc.constantFrom(...ADDRESSES),
    right: fc.boolean()
  })
  // Batches of concurrent logins, each after a pause (sometimes longer than the window).
  const steps = fc.array(
    fc.record({ pause: fc.integer({ min: 0, max: 12 * 60 }), batch: fc.array(attempt, { minLength: 1, maxLength: 4 }) }),
    { minLength: 1, maxLength: 10 }
  )

  it.effect.prop(
    "loginUser() never accepts more failed checks than the limit in any window, per username and per address, " +
      "and refuses only when failures and concurrent checks fill a window",
    { steps },
    ({ steps }) =>
      Effect.gen(function*() {
        yield* register
        const log: Array<Logged> = []
        for (const [step, { batch, pause }] of steps.entries()) {
          yield* TestClock.adjust(Duration.seconds(pause))
          const at = yield* Clock.currentTimeMillis
          const results = yield* Effect.all(
            batch.map((a) => login(a.user, a.right ? RIGHT : WRONG, a.address)),
            { concurrency: "unbounded" }
          )
          results.forEach((result, i) => log.push({ ...batch[i]!, at, step, result }))
        }
        const windowMs = Duration.toMillis(WINDOW)
        const failed = log.filter((l) => l.result === "Unauthenticated")
        const keys = [
          { of: (l: Logged) => l.user.toLowerCase(), max: 3 },
          { of: (l: Logged) => l.address, max: 4 }
        ]
        for (const entry of log) {
          // A right password is never refused as wrong; an unknown user never gets in.
          if (entry.right && entry.user !== "carol_unknown") expect(entry.result).not.toBe("Unauthenticated")
          if (!entry.right || entry.user === "carol_unknown") expect(entry.result).not.toBe("success")
          expect(["success", "Unauthenticated", "RateLimited"]).toContain(entry.result)
          for (const key of keys) {
            const inWindow = (l: Logged) => key.of(l) === key.of(entry) && l.at > entry.at - windowMs && l.at <= entry.at
            // The invariant: failures whose windows all contain this instant never exceed the limit.
            expect(failed.filter(inWindow).length).toBeLessThanOrEqual(key.max)
          }
          if (entry.result === "RateLimited") {
            // Refused only when earlier failures plus the checks running alongside fill one of its windows.
            const full = keys.some((key) => {
              const same = (l: Logged) => key.of(l) === key.of(entry) && l !== entry
              const earlier = failed.filter((l) => same(l) && l.step < entry.step && l.at > entry.at - windowMs)
              const alongside = log.filter((l) => same(l) && l.step === entry.step)
              return earlier.length + alongside.length >= key.max
            })
            expect(full).toBe(true)
          }
        }
      }).pipe(Effect.provide(withThrottles())),
    { fastCheck: { numRuns: 25 } }
  )

  it.effect("the 4th failure of a username is refused, then the right password too, until the window passes", () =>
    Effect.gen(function*() {
      yield* register
      for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
        expect(yield* login("alice", WRONG, address)).toBe("Unauthenticated")
      }
      expect(yield* login("ALICE", WRONG, "192.0.2.4")).toBe("RateLimited")
      const refused = yield* Effect.flip(loginUser({ username: name("alice"), password: RIGHT, clientAddress: "192.0.2.5" }))
      expect(refused).toMatchObject({ _tag: "RateLimited", message: expect.stringContaining("at most 3 in 10 minutes") })
      // Other usernames are not affected by alice's count.
      expect(yield* login("bob", RIGHT, "192.0.2.5")).toBe("success")
      yield* TestClock.adjust(Duration.subtract(WINDOW, Duration.millis(1)))
      expect(yield* login("alice", RIGHT, "192.0.2.5")).toBe("RateLimited")
      yield* TestClock.adjust(Duration.millis(1))
      expect(yield* login("alice", RIGHT, "192.0.2.5")).toBe("success")
    }).pipe(Effect.provide(withThrottles())))

  it.effect("an address over its limit is refused for every username; successes do not count", () =>
    Effect.gen(function*() {
      yield* register
      const from = "203.0.113.9"
      expect(yield* login("alice", WRONG, from)).toBe("Unauthenticated")
      expect(yield* login("alice", RIGHT, from)).toBe("success")
      expect(yield* login("bob", WRONG, from)).toBe("Unauthenticated")
      expect(yield* login("nobody_here", WRONG, from)).toBe("Unauthenticated")
      expect(yield* login("bob", RIGHT, from)).toBe("success")
      expect(yield* login("someone_else", WRONG, from)).toBe("Unauthenticated")
      // Four failures from this address: a fifth login, any username, right or not, is refused.
      expect(yield* login("bob", RIGHT, from)).toBe("RateLimited")
      expect(yield* login("new_name", WRONG, from)).toBe("RateLimited")
      expect(yield* login("bob", RIGHT, "203.0.113.10")).toBe("success")
    }).pipe(Effect.provide(withThrottles())))
})

describe("registration and anonymous user throttles", () => {
  it.effect.prop(
    "randomUser() creates at most the limit per address in any window, and is refused only when a window is full",
    {
      calls: fc.array(
        fc.record({ pause: fc.integer({ min: 0, max: 6 * 60 }), address: fc.constantFrom("192.0.2.1", "192.0.2.2") }),
        { minLength: 1, maxLength: 30 }
      )
    },
    ({ calls }) =>
      Effect.gen(function*() {
        const created: Array<{ readonly at: number; readonly address: string }> = []
        const windowMs = Duration.toMillis(WINDOW)
        for (const { address, pause } of calls) {
          yield* TestClock.adjust(Duration.seconds(pause))
          const at = yield* Clock.currentTimeMillis
          const inWindow = created.filter((c) => c.address === address && c.at > at - windowMs).length
          const result = outcome(yield* Effect.exit(randomUser({ clientAddress: address })))
          expect(result).toBe(inWindow < 3 ? "success" : "RateLimited")
          if (result === "success") created.push({ at, address })
        }
      }).pipe(Effect.provide(withThrottles({ randomUserPerAddress: limit(3) }))),
    { fastCheck: { numRuns: 50 } }
  )

  it.effect("registerUser() counts every registration tried from an address, a taken username too", () =>
    Effect.gen(function*() {
      const from = "192.0.2.7"
      const registerAs = (username: string, clientAddress = from) =>
        Effect.map(Effect.exit(registerUser({ username: name(username), password: RIGHT, clientAddress })), outcome)
      expect(yield* registerAs("first_user")).toBe("success")
      expect(yield* registerAs("FIRST_USER")).toBe("Conflict")
      const refused = yield* Effect.flip(registerUser({ username: name("third_user"), password: RIGHT, clientAddress: from }))
      expect(refused).toMatchObject({ _tag: "RateLimited", message: expect.stringContaining("at most 2 in 10 minutes") })
      expect(yield* registerAs("third_user", "192.0.2.8")).toBe("success")
      yield* TestClock.adjust(WINDOW)
      expect(yield* registerAs("fourth_user")).toBe("success")
    }).pipe(Effect.provide(withThrottles({ registerPerAddress: limit(2) }))))
})
