import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either } from "effect"
import { DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_THROTTLES, serverConfig } from "../../composition/config.ts"

// The configuration behind the core's AuthSettings (composition/config.ts), read as the server reads it.
describe("QU_MAX_SESSIONS_PER_USER, QU_LOGIN_*, QU_REGISTER_* and QU_RANDOM_USER_*", () => {
  const read = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(serverConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("default to 10 sessions, 10 failures per username and per address in 15 minutes, 20 and 100 an hour", () =>
    Effect.gen(function*() {
      const config = Either.getOrThrow(yield* read({}))
      expect(config.maxSessionsPerUser).toBe(DEFAULT_MAX_SESSIONS_PER_USER)
      expect(config.maxSessionsPerUser).toBe(10)
      expect(config.throttles).toEqual(DEFAULT_THROTTLES)
      expect(config.throttles.loginPerUsername).toEqual({ max: 10, window: Duration.minutes(15) })
    }))

  it.effect("set values are used; the login window applies to both login limits", () =>
    Effect.gen(function*() {
      const config = Either.getOrThrow(yield* read({
        QU_MAX_SESSIONS_PER_USER: "3",
        QU_LOGIN_FAILURES_PER_USERNAME: "5",
        QU_LOGIN_FAILURES_PER_ADDRESS: "50",
        QU_LOGIN_FAILURE_WINDOW: "1 hour",
        QU_REGISTER_PER_ADDRESS: "7",
        QU_REGISTER_WINDOW: "1 day",
        QU_RANDOM_USER_PER_ADDRESS: "1000",
        QU_RANDOM_USER_WINDOW: "10 minutes"
      }))
      expect(config.maxSessionsPerUser).toBe(3)
      expect(config.throttles).toEqual({
        loginPerUsername: { max: 5, window: Duration.hours(1) },
        loginPerAddress: { max: 50, window: Duration.hours(1) },
        registerPerAddress: { max: 7, window: Duration.days(1) },
        randomUserPerAddress: { max: 1000, window: Duration.minutes(10) }
      })
    }))

  it.effect("a bad value fails naming the variable", () =>
    Effect.gen(function*() {
      const bad = [
        ["QU_MAX_SESSIONS_PER_USER", "0"],
        ["QU_LOGIN_FAILURES_PER_USERNAME", "ten"],
        ["QU_LOGIN_FAILURES_PER_ADDRESS", "-1"],
        ["QU_LOGIN_FAILURE_WINDOW", "8 days"],
        ["QU_REGISTER_WINDOW", "soon"],
        ["QU_RANDOM_USER_PER_ADDRESS", "0"]
      ]
      for (const [name, value] of bad) {
        const result = yield* read({ [name!]: value! })
        expect(Either.isLeft(result) && String(result.left), `${name}=${value}`).toContain(name)
      }
    }))
})
