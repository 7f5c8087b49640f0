import { expect, layer } from "@effect/vitest"
import { Effect, type Layer, Option } from "effect"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { at, newSession, newUser, unique } from "./_fixtures.ts"

const givenUser = Effect.flatMap(UserRepository, (users) => Effect.map(users.insert(newUser()), (u) => u.userId))

/**
 * The SessionRepository contract. Sessions belong to stored users (SQL enforces it), hence the UserRepository.
 * Only the deleteExpired test uses instants before 2030, so its counts are exact on a shared database.
 */
export const sessionRepositoryContract = <E>(
  name: string,
  repositories: Layer.Layer<SessionRepository | UserRepository, E>
) =>
  layer(repositories)(name, (it) => {
    it.effect("insert() then findByTokenHash() returns the session as stored; unknown hashes find nothing", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const active = newSession(yield* givenUser)
        const revoked = newSession(yield* givenUser, { revokedAt: at("2030-01-05T00:00:00.001Z") })
        yield* sessions.insert(active)
        yield* sessions.insert(revoked)
        expect(yield* sessions.findByTokenHash(active.tokenHash)).toEqual(Option.some(active))
        expect(yield* sessions.findByTokenHash(revoked.tokenHash)).toEqual(Option.some(revoked))
        expect(yield* sessions.findByTokenHash(unique("hash"))).toEqual(Option.none())
      }))

    it.effect("revoke() is true once for an active session, then false; false for an unknown hash", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const session = newSession(yield* givenUser)
        yield* sessions.insert(session)
        const when = at("2030-01-10T12:00:00.500Z")
        expect(yield* sessions.revoke(session.tokenHash, when)).toBe(true)
        expect(yield* sessions.revoke(session.tokenHash, at("2030-01-11T00:00:00.000Z"))).toBe(false)
        expect(yield* sessions.findByTokenHash(session.tokenHash)).toEqual(Option.some({ ...session, revokedAt: when }))
        expect(yield* sessions.revoke(unique("hash"), when)).toBe(false)
      }))

    it.effect("revokeAllOfUser() revokes and counts the user's sessions not yet revoked, expired ones too", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const userId = yield* givenUser
        const otherId = yield* givenUser
        // An expired session no longer authenticates, but revoking it too leaves none that a clock could revive.
        const expired = newSession(userId, { expiresAt: at("2030-01-10T00:00:00.000Z") })
        const mine = [newSession(userId), newSession(userId), newSession(userId), expired]
        const alreadyRevoked = newSession(userId, { revokedAt: at("2030-01-03T00:00:00.000Z") })
        const others = newSession(otherId)
        yield* Effect.forEach([...mine, alreadyRevoked, others], sessions.insert, { discard: true })
        const when = at("2030-01-20T00:00:00.000Z")
        expect(yield* sessions.revokeAllOfUser(userId, when)).toBe(4)
        for (const s of mine) {
          expect(yield* sessions.findByTokenHash(s.tokenHash)).toEqual(Option.some({ ...s, revokedAt: when }))
        }
        expect(yield* sessions.findByTokenHash(alreadyRevoked.tokenHash)).toEqual(Option.some(alreadyRevoked))
        expect(yield* sessions.findByTokenHash(others.tokenHash)).toEqual(Option.some(others))
        expect(yield* sessions.revokeAllOfUser(userId, when)).toBe(0)
      }))

    it.effect("revokeAllButNewest() revokes the user's active sessions beyond the newest, always keeping the given one", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const userId = yield* givenUser
        const otherId = yield* givenUser
        const created = (minute: number) => ({ createdAt: at(`2030-01-01T00:${String(minute).padStart(2, "0")}:00.000Z`) })
        const [s1, s2, s3, s4] = [1, 2, 3, 4].map((m) => newSession(userId, created(m)))
        // Not active at `when`, so neither counted nor touched; and another user's sessions are not this user's.
        const expired = newSession(userId, { ...created(5), expiresAt: at("2030-01-10T00:00:00.000Z") })
        const revoked = newSession(userId, { ...created(6), revokedAt: at("2030-01-02T00:00:00.000Z") })
        const others = [newSession(otherId, created(0)), newSession(otherId, created(0))]
        // The one just issued may carry an older clock reading than the rest (another server's clock).
        const issued = newSession(userId, created(0))
        yield* Effect.forEach([s1!, s2!, s3!, s4!, expired, revoked, ...others, issued], sessions.insert, { discard: true })
        const when = at("2030-01-20T00:00:00.000Z")
        expect(yield* sessions.revokeAllButNewest(userId, 3, issued.tokenHash, when)).toBe(2)
        const state = (s: typeof s1) =>
          Effect.map(sessions.findByTokenHash(s!.tokenHash), Option.map((found) => found.revokedAt !== undefined))
        const revokedNow = yield* Effect.forEach([s1, s2, s3, s4, issued, expired, revoked, ...others], state)
        expect(revokedNow).toEqual([true, true, false, false, false, false, true, false, false].map(Option.some))
        expect(yield* sessions.revokeAllButNewest(userId, 3, issued.tokenHash, when)).toBe(0)
        expect(yield* sessions.revokeAllButNewest(userId, 1, issued.tokenHash, when)).toBe(2)
        expect(Option.map(yield* sessions.findByTokenHash(issued.tokenHash), (s) => s.revokedAt)).toEqual(Option.some(undefined))
      }))

    it.effect("deleteExpired() deletes exactly the sessions that expired before the instant, revoked or not", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionRepository
        const userId = yield* givenUser
        const cutoff = at("2001-06-01T00:00:00.000Z")
        const early = { createdAt: at("2001-01-01T00:00:00.000Z") }
        const expired = newSession(userId, { ...early, expiresAt: at("2001-05-31T23:59:59.999Z") })
        const expiredRevoked = newSession(userId, {
          ...early,
          expiresAt: at("2001-02-01T00:00:00.000Z"),
          revokedAt: at("2001-01-15T00:00:00.000Z")
        })
        const atCutoff = newSession(userId, { ...early, expiresAt: cutoff })
        yield* Effect.forEach([expired, expiredRevoked, atCutoff], sessions.insert, { discard: true })
        expect(yield* sessions.deleteExpired(cutoff)).toBe(2)
        expect(yield* sessions.findByTokenHash(expired.tokenHash)).toEqual(Option.none())
        expect(yield* sessions.findByTokenHash(expiredRevoked.tokenHash)).toEqual(Option.none())
        expect(yield* sessions.findByTokenHash(atCutoff.tokenHash)).toEqual(Option.some(atCutoff))
        expect(yield* sessions.deleteExpired(cutoff)).toBe(0)
      }))
  })
