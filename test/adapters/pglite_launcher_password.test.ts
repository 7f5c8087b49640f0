import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import pg from "pg"
import { launch } from "../../adapters/pglite/launcher.ts"

/** What a connection to `url` gets: "in", or the SQLSTATE it was refused with. */
const connectTo = (url: string) =>
  Effect.promise(async () => {
    const client = new pg.Client({ connectionString: url })
    client.on("error", () => undefined)
    try {
      await client.connect()
      await client.query("select 1")
      return "in"
    } catch (error) {
      return (error as { code?: string }).code ?? String(error)
    } finally {
      await client.end().catch(() => undefined)
    }
  })

describe("PGlite launcher", () => {
  it.scopedLive("requires the random password of its URL: another local process without it is refused (28P01)", () =>
    Effect.gen(function*() {
      const url = new URL(Redacted.value(yield* launch({ maxConnections: 4 })))
      expect(url.password.length).toBeGreaterThanOrEqual(32)
      expect(yield* connectTo(url.toString())).toBe("in")
      const withoutPassword = new URL(url)
      withoutPassword.password = ""
      expect(yield* connectTo(withoutPassword.toString())).toBe("28P01")
      const guessed = new URL(url)
      guessed.password = "postgres"
      expect(yield* connectTo(guessed.toString())).toBe("28P01")
      // A second start has another password.
      const again = new URL(Redacted.value(yield* launch({ maxConnections: 4 })))
      expect(again.password).not.toBe(url.password)
    }), { timeout: 60_000 })
})
