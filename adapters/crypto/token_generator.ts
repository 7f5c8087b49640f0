import { Effect, Layer, Redacted } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { TokenGenerator } from "../../core/ports/token_generator.ts"

/** 32 random bytes (256 bits), base64url: 43 characters of `[A-Za-z0-9_-]`, safe in URLs unencoded. */
const TOKEN_BYTES = 32

const hash = (token: Redacted.Redacted<string>) =>
  createHash("sha256").update(Redacted.value(token), "utf8").digest("hex")

/** Tokens from node:crypto's CSPRNG, stored as hex SHA-256 (a fast hash suffices for 256-bit random secrets). */
export const layer = Layer.succeed(
  TokenGenerator,
  TokenGenerator.of({
    issue: Effect.sync(() => {
      const token = Redacted.make(randomBytes(TOKEN_BYTES).toString("base64url"))
      return { token, hash: hash(token) }
    }),
    hash
  })
)
