import { Clock, Context, DateTime, Effect, Layer, Option, Redacted } from "effect"
import { Unauthenticated } from "../domain/errors.ts"
import { isSessionActive } from "../domain/session.ts"
import type { User } from "../domain/user.ts"
import { VersionedMap } from "./versioned_map.ts"
import { DataVersions } from "../ports/data_versions.ts"
import { SessionRepository } from "../ports/session_repository.ts"
import { TokenGenerator } from "../ports/token_generator.ts"
import { UserRepository } from "../ports/user_repository.ts"

const invalidToken = new Unauthenticated({ reason: "invalid-token" })

interface Entry {
  readonly user: User
  readonly expiresAt: number
}

/**
 * Token authentication without a database round trip for a token seen recently: the keyed kind of cache, a
 * `VersionedMap` (docs/caches.md). Entries are kept per token hash, at most `capacity` (the oldest goes first), and
 * honour:
 * - expiry: an entry serves only before its session's expiry, read on the clock of each request;
 * - revocation and profile changes: every such write advances the `users` version (at once on this server, within
 *   100 ms on others: see DataVersions), which empties the cache; a lookup that started before an advance is not kept.
 * While the versions are not live, nothing is kept and every request reads the database.
 */
export class SessionCache extends Context.Tag("core/SessionCache")<SessionCache, {
  /** The user a token belongs to, while the token is unexpired and unrevoked. */
  readonly authenticate: (token: Redacted.Redacted<string>) => Effect.Effect<User, Unauthenticated>
  /** Synchronous: the user of a token at `nowMillis` if the cache holds it, else undefined (use authenticate). */
  readonly peek: (token: Redacted.Redacted<string>, nowMillis: number) => User | undefined
}>() {}

/** Options of {@link sessionCacheLayer}. */
export interface SessionCacheOptions {
  /** Most tokens kept; 10,000 by default. */
  readonly capacity?: number | undefined
}

const make = (options: SessionCacheOptions) => Effect.gen(function*() {
  const sessions = yield* SessionRepository
  const users = yield* UserRepository
  const tokens = yield* TokenGenerator
  const versions = yield* DataVersions
  const capacity = options.capacity ?? 10_000
  const entries = new VersionedMap<Entry>(() => versions.current("users"), capacity)

  // The user of `hash` if its entry may serve now: kept under the current users version, and not expired.
  const cached = (hash: string, nowMillis: number): User | undefined => {
    const entry = entries.get(hash)
    if (entry === undefined) return undefined
    if (nowMillis < entry.expiresAt) return entry.user
    entries.delete(hash)
    return undefined
  }

  const authenticate = Effect.fn("authenticate")(function*(token: Redacted.Redacted<string>) {
    const hash = tokens.hash(token)
    const nowMillis = yield* Clock.currentTimeMillis
    const hit = cached(hash, nowMillis)
    if (hit !== undefined) return hit
    const readAt = entries.version()
    const session = yield* sessions.findByTokenHash(hash)
    if (Option.isNone(session) || !isSessionActive(session.value, DateTime.unsafeMake(nowMillis))) {
      return yield* invalidToken
    }
    const user = yield* users.findById(session.value.userId)
    if (Option.isNone(user)) return yield* invalidToken
    entries.set(hash, { user: user.value, expiresAt: session.value.expiresAt.epochMillis }, readAt)
    return user.value
  })

  return SessionCache.of({
    authenticate,
    peek: (token, nowMillis) => cached(tokens.hash(token), nowMillis)
  })
})

/** A session cache over the repositories in context. */
export const sessionCacheLayer = (options: SessionCacheOptions = {}) => Layer.effect(SessionCache, make(options))
