import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Redacted } from "effect"
import { createHash } from "node:crypto"
import { sha256Hex } from "../../adapters/memory/web_generators.ts"
import { idGeneratorLayer, tokenGeneratorLayer, WebPasswordHasher } from "../../adapters/memory/mod.ts"
import type { Password } from "../../core/domain/user.ts"
import { IdGenerator } from "../../core/ports/id_generator.ts"
import { TokenGenerator } from "../../core/ports/token_generator.ts"

const password = (s: string) => Redacted.make(s) as Password

describe("the Web Crypto adapters of adapters/memory", () => {
  it.prop("sha256Hex agrees with node:crypto on any text", { text: fc.string({ unit: "binary", maxLength: 300 }) }, ({ text }) => {
    expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"))
  })

  it.effect("tokens are 43 base64url characters stored under their SHA-256; UUIDs are version 4", () =>
    Effect.gen(function*() {
      const tokens = yield* TokenGenerator
      const issued = yield* tokens.issue
      expect(Redacted.value(issued.token)).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(issued.hash).toBe(createHash("sha256").update(Redacted.value(issued.token)).digest("hex"))
      expect(tokens.hash(issued.token)).toBe(issued.hash)
      expect(yield* (yield* IdGenerator).uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }).pipe(Effect.provide(tokenGeneratorLayer), Effect.provide(idGeneratorLayer)))

  it.effect("PBKDF2 hashes verify their password only, are salted, and ask for a rehash below the current rounds", () =>
    Effect.gen(function*() {
      const weak = WebPasswordHasher.make(1_000)
      const strong = WebPasswordHasher.make(2_000)
      const hash = yield* weak.hash(password("correct horse"))
      expect(hash).toMatch(/^pbkdf2-sha256\$1000\$/)
      expect(yield* weak.verify(password("correct horse"), hash)).toBe(true)
      expect(yield* weak.verify(password("correct horsf"), hash)).toBe(false)
      expect(yield* weak.verify(password("correct horse"), "scrypt$garbage")).toBe(false)
      expect(yield* weak.hash(password("correct horse"))).not.toBe(hash)
      expect(weak.needsRehash(hash)).toBe(false)
      expect(strong.needsRehash(hash)).toBe(true)
      expect(yield* strong.verify(password("correct horse"), hash)).toBe(true)
      yield* strong.dummyVerify(password("anything"))
    }))
})
