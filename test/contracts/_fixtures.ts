import { addEqualityTesters } from "@effect/vitest"
import { DateTime } from "effect"
import { randomUUID } from "node:crypto"
import type { Session } from "../../core/domain/session.ts"
import type { NewUser, Nickname, UserId, Username } from "../../core/domain/user.ts"

// Compare Effect values (Option, DateTime, Schema classes) with Equal.equals inside expect(...).toEqual.
addEqualityTesters()

/**
 * A name no other test uses. Suites share one database per adapter, so every username and token hash is fresh;
 * the seeded TestRandom would repeat itself across suites, hence node:crypto.
 */
export const unique = (prefix: string): string => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 16)}`

/** A fresh valid username with mixed letter case. */
export const uniqueUsername = (): Username => unique("User") as Username

/** An id no repository has assigned (far above any test's sequence, still a valid 64-bit id). */
export const unknownUserId = "9000000000000000001" as UserId

/** An instant given as an ISO string. */
export const at = (iso: string): DateTime.Utc => DateTime.unsafeMake(iso)

/** A user to insert: registered when `username` is given, anonymous otherwise. */
export const newUser = (username?: Username): NewUser => ({
  username,
  passwordHash: username === undefined ? undefined : `hash-of-${username}`,
  nickname: (username ?? "Anonymous") as string as Nickname,
  avatarUrl: "https://example.test/avatar.png",
  createdAt: at("2030-01-02T03:04:05.678Z")
})

/** An active session of a user, expiring long after every other instant the suites use for "now". */
export const newSession = (userId: UserId, overrides: Partial<Session> = {}): Session => ({
  tokenHash: unique("hash"),
  userId,
  createdAt: at("2030-01-01T00:00:00.000Z"),
  expiresAt: at("2030-02-01T00:00:00.000Z"),
  revokedAt: undefined,
  ...overrides
})

/** A seeded pseudo-random source in [0, 1) (mulberry32): the same seed gives the same schedule on every run. */
export const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
