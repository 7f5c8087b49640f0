import { Effect, type Redacted } from "effect"
import { SessionCache } from "../../caches/session_cache.ts"

/** The user a token belongs to, while the token is unexpired and unrevoked (through the session cache). */
export const authenticate = (token: Redacted.Redacted<string>) =>
  Effect.flatMap(SessionCache, (cache) => cache.authenticate(token))
