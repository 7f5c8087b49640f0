import { Effect, Encoding, Either, Layer, Redacted } from "effect"
import type { Password } from "../../core/domain/user.ts"
import { PasswordHasher } from "../../core/ports/password_hasher.ts"

const PREFIX = "pbkdf2-sha256"

const derive = (password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) =>
  Effect.promise(async () => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"])
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256)
    return new Uint8Array(bits)
  })

const equalInConstantTime = (a: Uint8Array, b: Uint8Array) => {
  let diff = a.length ^ b.length
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i] ?? 0)
  return diff === 0
}

const parse = (stored: string) => {
  const [prefix, rounds, salt, digest, ...rest] = stored.split("$")
  const iterations = Number(rounds)
  if (prefix !== PREFIX || rest.length > 0 || !Number.isSafeInteger(iterations) || iterations < 1) return undefined
  const saltBytes = Encoding.decodeBase64Url(salt ?? "")
  const digestBytes = Encoding.decodeBase64Url(digest ?? "")
  if (Either.isLeft(saltBytes) || Either.isLeft(digestBytes) || digestBytes.right.length !== 32) return undefined
  return { iterations, salt: new Uint8Array(saltBytes.right), digest: digestBytes.right }
}

/**
 * PBKDF2-SHA-256 through Web Crypto (`crypto.subtle`), so it runs on Node, Deno, Bun and browsers. Hashes read
 * `pbkdf2-sha256$<iterations>$<salt>$<digest>` (base64url). It does not bound concurrent hashing (never RateLimited):
 * a public server should put its own limit in front, as the scrypt adapter does.
 */
export const make = (iterations: number) => {
  const dummySalt = crypto.getRandomValues(new Uint8Array(16))
  return PasswordHasher.of({
    hash: (password: Password) =>
      Effect.suspend(() => {
        const salt = crypto.getRandomValues(new Uint8Array(16))
        return Effect.map(derive(Redacted.value(password), salt, iterations), (digest) =>
          `${PREFIX}$${iterations}$${Encoding.encodeBase64Url(salt)}$${Encoding.encodeBase64Url(digest)}`)
      }),
    verify: (password, stored) => {
      const parsed = parse(stored)
      if (parsed === undefined) return Effect.succeed(false)
      return Effect.map(derive(Redacted.value(password), parsed.salt, parsed.iterations), (digest) => equalInConstantTime(digest, parsed.digest))
    },
    needsRehash: (stored) => (parse(stored)?.iterations ?? 0) < iterations,
    dummyVerify: (password) => Effect.asVoid(derive(Redacted.value(password), dummySalt, iterations))
  })
}

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000

/** The hasher with {@link DEFAULT_ITERATIONS}. */
export const layer = Layer.sync(PasswordHasher, () => make(DEFAULT_ITERATIONS))

/** A cheap hasher (1,000 iterations) for tests and examples, where hashing time is wasted. */
export const layerTest = Layer.sync(PasswordHasher, () => make(1_000))
