import { Effect, Layer, Redacted } from "effect"
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { PasswordHasher } from "../../core/ports/password_hasher.ts"
import { bounded, hashLimitsConfig, type HashLimits } from "./hash_limits.ts"

/** scrypt cost parameters; N is a power of two. */
export interface ScryptParams {
  readonly N: number
  readonly r: number
  readonly p: number
}

/** OWASP's scrypt recommendation (N=2^17, r=8, p=1), about 128 MiB and ~0.2 s per hash. */
export const productionParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
/** Cheap parameters for tests only. */
export const testParams: ScryptParams = { N: 2 ** 10, r: 8, p: 1 }

const KEY_LENGTH = 32
const SALT_LENGTH = 16

const derive = (password: string, salt: Buffer, params: ScryptParams) =>
  Effect.async<Buffer, Error>((resume) => {
    scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) =>
      resume(err ? Effect.fail(err) : Effect.succeed(key)))
  }).pipe(Effect.orDie)

interface Parsed {
  readonly params: ScryptParams
  readonly salt: Buffer
  readonly digest: Buffer
}

// Stored form, PHC-like: scrypt$N=131072,r=8,p=1$<salt b64>$<digest b64>
const encode = ({ digest, params, salt }: Parsed) =>
  `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64")}$${digest.toString("base64")}`

const parse = (stored: string): Parsed | undefined => {
  const m = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored)
  if (m === null) return undefined
  return {
    params: { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) },
    salt: Buffer.from(m[4]!, "base64"),
    digest: Buffer.from(m[5]!, "base64")
  }
}

/**
 * A scrypt PasswordHasher with the given parameters; hashes made with weaker ones verify and ask for a rehash.
 * At most `limits.concurrency` hashes run at once and `limits.queue` wait; callers beyond those are RateLimited.
 */
export const make = (params: ScryptParams, limits?: Partial<HashLimits>) =>
  Effect.gen(function*() {
    const limited = yield* bounded(limits)
    const hash = (password: Redacted.Redacted<string>) => {
      const salt = randomBytes(SALT_LENGTH)
      return limited(derive(Redacted.value(password), salt, params)).pipe(
        Effect.map((digest) => encode({ params, salt, digest })),
        Effect.withSpan("PasswordHasher.hash")
      )
    }
    const verify = (password: Redacted.Redacted<string>, stored: string) => {
      const parsed = parse(stored)
      if (parsed === undefined) return Effect.succeed(false)
      return limited(derive(Redacted.value(password), parsed.salt, parsed.params)).pipe(
        Effect.map((digest) => digest.length === parsed.digest.length && timingSafeEqual(digest, parsed.digest)),
        Effect.withSpan("PasswordHasher.verify")
      )
    }
    const dummySalt = randomBytes(SALT_LENGTH)
    return PasswordHasher.of({
      hash,
      verify,
      needsRehash: (stored) => {
        const parsed = parse(stored)
        return parsed === undefined || parsed.params.N < params.N || parsed.params.r < params.r ||
          parsed.params.p < params.p
      },
      dummyVerify: (password) => Effect.asVoid(limited(derive(Redacted.value(password), dummySalt, params)))
    })
  })

/** A hasher with the given parameters and limits (unset limits take the defaults of hash_limits.ts). */
export const layerWith = (params: ScryptParams, limits?: Partial<HashLimits>) =>
  Layer.effect(PasswordHasher, make(params, limits))
/** The production hasher, with the configured limits. */
export const layer = (limits?: Partial<HashLimits>) => layerWith(productionParams, limits)
/** {@link layer} with the limits in the environment (QU_PASSWORD_HASH_CONCURRENCY, QU_PASSWORD_HASH_QUEUE). */
export const layerConfig = Layer.unwrapEffect(Effect.map(hashLimitsConfig, (limits) => layer(limits)))
/** A fast hasher for tests, with the default limits. */
export const layerTest = layerWith(testParams)
