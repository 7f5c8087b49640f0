import type { Effect, Redacted } from "effect"
import { Context } from "effect"
import type { IssuedToken } from "../domain/session.ts"

/** Makes opaque bearer tokens (≥ 128 random bits, `[A-Za-z0-9_-]`) and the hash they are stored under. */
export class TokenGenerator extends Context.Tag("core/TokenGenerator")<TokenGenerator, {
  /** A fresh random token and its hash. */
  readonly issue: Effect.Effect<IssuedToken>
  /** The storage hash of a token presented by a caller. */
  readonly hash: (token: Redacted.Redacted<string>) => string
}>() {}
