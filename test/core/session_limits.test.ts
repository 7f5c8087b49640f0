import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Exit, FastCheck as fc, Option, Redacted, TestClock } from "effect"
import type { Username } from "../../core/domain/user.ts"
import { AttemptRepository } from "../../core/ports/attempt_repository.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { TokenGenerator } from "../../core/ports/token_generator.ts"
import { authenticate } from "../../core/use_cases/users/authenticate.ts"
import { loginUser } from "../../core/use_cases/users/login_user.ts"
import { pruneAuthAttempts } from "../../core/use_cases/maintenance/prune_auth_attempts.ts"
import { purgeExpiredSessions } from "../../core/use_cases/maintenance/purge_expired_sessions.ts"
import { randomUser } from "../../core/use_cases/users/random_user.ts"
import { registerUser } from "../../core/use_cases/users/register_user.ts"
import { revokeToken } from "../../core/use_cases/users/revoke_token.ts"
import { coreTestLayerWith, TEST_TOKEN_TTL } from "../../composition/test_core.ts"

const clientAddress = "192.0.2.1"
const password = Redacted.make("right-password")
const username = "dana" as Username
const logIn = loginUser({ username, password, clientAddress })
const authenticates = (token: Redacted.Redacted<string>) => Effect.map(Effect.exit(authenticate(token)), Exit.isSuccess)

describe("sessions per user", () => {
  it.effect.prop(
    "after any number of logins the newest `max` tokens authenticate and every older one is revoked",
    { max: fc.integer({ min: 1, max: 5 }), logins: fc.integer({ min: 1, max: 12 }), sameInstant: fc.boolean() },
    ({ logins, max, sameInstant }) =>
      Effect.gen(function*() {
        yield* registerUser({ username, password, clientAddress })
        const tokens: Array<Redacted.Redacted<string>> = []
        for (let i = 0; i < logins; i++) {
          // Logins in the same millisecond too: the one just issued is kept whatever the tie.
          if (!sameInstant) yield* TestClock.adjust(Duration.millis(1))
          tokens.push((yield* logIn).token)
          // Cached before the next login, so a revocation must reach the session cache.
          expect(yield* authenticates(tokens[i]!)).toBe(true)
        }
        const alive = yield* Effect.forEach(tokens, authenticates)
        expect(alive.filter(Boolean).length).toBe(Math.min(max, logins))
        expect(alive[alive.length - 1]).toBe(true)
        if (!sameInstant) expect(alive).toEqual(tokens.map((_, i) => i >= logins - max))
      }).pipe(Effect.provide(coreTestLayerWith({ maxSessionsPerUser: max }))),
    { fastCheck: { numRuns: 15 } }
  )

  it.effect("a logged-out token stops at once while cached; the user's other tokens and other users' stay", () =>
    Effect.gen(function*() {
      yield* registerUser({ username, password, clientAddress })
      const first = yield* logIn
      const second = yield* logIn
      const other = yield* randomUser({ clientAddress })
      for (const t of [first.token, second.token, other.token]) expect(yield* authenticates(t)).toBe(true)
      yield* revokeToken(first.token)
      expect(yield* Effect.forEach([first.token, second.token, other.token], authenticates)).toEqual([false, true, true])
    }).pipe(Effect.provide(coreTestLayerWith({}))))
})

describe("purging", () => {
  it.effect("purgeExpiredSessions() deletes only the sessions expired longer than the retention", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionRepository
      const hash = (yield* TokenGenerator).hash
      const old = yield* randomUser({ clientAddress })
      yield* TestClock.adjust(Duration.days(2))
      const newer = yield* randomUser({ clientAddress })
      yield* TestClock.adjust(Duration.sum(TEST_TOKEN_TTL, Duration.hours(1)))
      // Both expired now; only `old` for longer than the one-day retention.
      expect(yield* purgeExpiredSessions(Duration.days(1))).toBe(1)
      expect(Option.isNone(yield* sessions.findByTokenHash(hash(old.token)))).toBe(true)
      expect(Option.isSome(yield* sessions.findByTokenHash(hash(newer.token)))).toBe(true)
      yield* TestClock.adjust(Duration.days(1))
      expect(yield* purgeExpiredSessions()).toBe(1)
    }).pipe(Effect.provide(coreTestLayerWith({}))))

  it.effect("pruneAuthAttempts() deletes the attempts older than the longest window and keeps the rest", () =>
    Effect.gen(function*() {
      const attempts = yield* AttemptRepository
      yield* randomUser({ clientAddress })
      yield* TestClock.adjust(Duration.minutes(30))
      yield* randomUser({ clientAddress })
      // The longest window (anonymous users: 1 hour) has passed for the first attempt only.
      yield* TestClock.adjust(Duration.minutes(31))
      expect(yield* pruneAuthAttempts()).toBe(1)
      expect(yield* attempts.count("random-user-address", clientAddress, DateTime.unsafeMake(0))).toBe(1)
    }).pipe(Effect.provide(coreTestLayerWith({
      throttles: {
        loginPerUsername: { max: 10, window: Duration.minutes(15) },
        loginPerAddress: { max: 10, window: Duration.minutes(15) },
        registerPerAddress: { max: 10, window: Duration.minutes(20) },
        randomUserPerAddress: { max: 100, window: Duration.hours(1) }
      }
    }))))
})
