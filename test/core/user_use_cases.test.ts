import { describe, expect, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, FastCheck as fc, Option, Redacted, TestClock } from "effect"
import { authenticate } from "../../core/use_cases/users/authenticate.ts"
import { loginUser } from "../../core/use_cases/users/login_user.ts"
import { randomUser } from "../../core/use_cases/users/random_user.ts"
import { registerUser } from "../../core/use_cases/users/register_user.ts"
import { revokeToken } from "../../core/use_cases/users/revoke_token.ts"
import { updateNickname } from "../../core/use_cases/users/update_nickname.ts"
import { coreTestLayer, TEST_TOKEN_TTL } from "../../composition/test_core.ts"
import { flipCase, nickname, password, username } from "./arbitraries.ts"

/** Where every call of these tests comes from (the limits are exercised in throttle.test.ts). */
const clientAddress = "192.0.2.1"

/** "success", or the tag of the typed failure (undefined for a defect). */
const failureTag = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>) =>
  Exit.match(exit, {
    onSuccess: () => "success",
    onFailure: (cause) => Option.getOrUndefined(Option.map(Cause.failureOption(cause), (e) => e._tag))
  })

describe("user use cases", () => {
  it.effect.prop(
    "registerUser() then loginUser() succeeds with the same password and fails with any other",
    { name: username, pass: password, other: password },
    ({ name, other, pass }) =>
      Effect.gen(function*() {
        const user = yield* registerUser({ username: name, password: pass, clientAddress })
        const session = yield* loginUser({ username: flipCase(name), password: pass, clientAddress })
        expect(session.user.userId).toBe(user.userId)
        const wrong = yield* Effect.exit(loginUser({ username: name, password: other, clientAddress }))
        const expected = Redacted.value(other) === Redacted.value(pass) ? "success" : "Unauthenticated"
        expect(failureTag(wrong)).toBe(expected)
      }).pipe(Effect.provide(coreTestLayer)),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect.prop(
    "registerUser() rejects a username that differs from a taken one only in letter case",
    { name: username, pass: password },
    ({ name, pass }) =>
      Effect.gen(function*() {
        yield* registerUser({ username: name, password: pass, clientAddress })
        const again = yield* Effect.exit(registerUser({ username: flipCase(name), password: pass, clientAddress }))
        expect(failureTag(again)).toBe("Conflict")
      }).pipe(Effect.provide(coreTestLayer)),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect("loginUser() fails alike for an unknown username and a wrong password", () =>
    Effect.gen(function*() {
      const pass = Redacted.make("correct horse battery")
      yield* registerUser({ username: "alice" as never, password: pass, clientAddress })
      const unknown = yield* Effect.flip(loginUser({ username: "nobody" as never, password: pass, clientAddress }))
      const wrong = yield* Effect.flip(loginUser({ username: "alice" as never, password: Redacted.make("wrong pass!"), clientAddress }))
      expect(unknown).toEqual(wrong)
    }).pipe(Effect.provide(coreTestLayer)))

  it.effect.prop(
    "a token authenticates exactly its user until it expires",
    { users: fc.integer({ min: 1, max: 5 }), elapsedMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }) },
    ({ elapsedMinutes, users }) =>
      Effect.gen(function*() {
        const created = yield* Effect.all(Array.from({ length: users }, () => randomUser({ clientAddress })))
        for (const { token, user } of created) {
          expect((yield* authenticate(token)).userId).toBe(user.userId)
        }
        yield* TestClock.adjust(Duration.minutes(elapsedMinutes))
        const alive = Duration.lessThan(Duration.minutes(elapsedMinutes), TEST_TOKEN_TTL)
        for (const { token, user } of created) {
          const exit = yield* Effect.exit(authenticate(token))
          if (alive) expect(Exit.isSuccess(exit) && exit.value.userId === user.userId).toBe(true)
          else expect(failureTag(exit)).toBe("Unauthenticated")
        }
      }).pipe(Effect.provide(coreTestLayer)),
    { fastCheck: { numRuns: 30 } }
  )

  it.effect("a revoked token no longer authenticates, while the user's other tokens still do", () =>
    Effect.gen(function*() {
      const pass = Redacted.make("password-123")
      yield* registerUser({ username: "bob" as never, password: pass, clientAddress })
      const first = yield* loginUser({ username: "bob" as never, password: pass, clientAddress })
      const second = yield* loginUser({ username: "BOB" as never, password: pass, clientAddress })
      // Both in the session cache first: the revocation must reach it.
      yield* authenticate(first.token)
      yield* authenticate(second.token)
      yield* revokeToken(first.token)
      expect(failureTag(yield* Effect.exit(authenticate(first.token)))).toBe("Unauthenticated")
      expect((yield* authenticate(second.token)).userId).toBe(first.user.userId)
    }).pipe(Effect.provide(coreTestLayer)))

  it.effect.prop(
    "updateNickname() renames only the caller, and is Forbidden for anyone else",
    { name: nickname },
    ({ name }) =>
      Effect.gen(function*() {
        const a = yield* randomUser({ clientAddress })
        const b = yield* randomUser({ clientAddress })
        const denied = yield* Effect.exit(updateNickname({ caller: a.user, userId: b.user.userId, nickname: name }))
        expect(failureTag(denied)).toBe("Forbidden")
        expect((yield* authenticate(b.token)).nickname).toBe(b.user.nickname)
        yield* updateNickname({ caller: a.user, userId: a.user.userId, nickname: name })
        const renamed = yield* authenticate(a.token)
        expect(renamed.nickname).toBe(name)
        expect(Option.isSome(renamed.modifiedAt)).toBe(true)
      }).pipe(Effect.provide(coreTestLayer)),
    { fastCheck: { numRuns: 30 } }
  )

  it.effect("tokens are URL-safe and carry at least 128 bits", () =>
    Effect.gen(function*() {
      const { token } = yield* randomUser({ clientAddress })
      expect(Redacted.value(token)).toMatch(/^[A-Za-z0-9_-]{22,}$/)
      expect(Redacted.value(token).length * 6).toBeGreaterThanOrEqual(128)
    }).pipe(Effect.provide(coreTestLayer)))
})
