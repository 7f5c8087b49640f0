import { DateTime, Effect, HashMap, Layer, Ref } from "effect"
import { isSessionActive, type Session } from "../../core/domain/session.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

// Newest first by creation time; ties by token hash, as the SQL adapter orders them.
const newestFirst = (a: Session, b: Session) =>
  b.createdAt.epochMillis - a.createdAt.epochMillis || (a.tokenHash < b.tokenHash ? 1 : a.tokenHash > b.tokenHash ? -1 : 0)

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table("sessions", HashMap.empty<string, Session>())
  const versions = yield* Versions
  const changesSessions = touching(versions, "users")
  const changed = versions.changed("users")
  // Every modification ends or removes sessions.
  const modify = <A>(f: (rows: HashMap.HashMap<string, Session>) => readonly [A, HashMap.HashMap<string, Session>]) =>
    store.write(Ref.modify(table, f)).pipe(changesSessions)

  return SessionRepository.of({
    insert: (session) =>
      store.write(Effect.flatMap(Ref.get(table), (rows) =>
        // Token hashes come from ≥ 128 random bits; a repeat is a bug, as the SQL primary key would say.
        HashMap.has(rows, session.tokenHash)
          ? Effect.dieMessage("duplicate session token hash")
          : Ref.set(table, HashMap.set(rows, session.tokenHash, session)))),
    findByTokenHash: (tokenHash) => Effect.map(Ref.get(table), HashMap.get(tokenHash)),
    revoke: (tokenHash, at) =>
      modify((rows) => {
        const found = HashMap.get(rows, tokenHash)
        if (found._tag === "None" || found.value.revokedAt !== undefined) return [false, rows]
        return [true, HashMap.set(rows, tokenHash, { ...found.value, revokedAt: at })]
      }),
    revokeAllOfUser: (userId, at) =>
      modify((rows) => {
        let count = 0
        const next = HashMap.map(rows, (s) => {
          if (s.userId !== userId || s.revokedAt !== undefined) return s
          count++
          return { ...s, revokedAt: at }
        })
        return [count, next]
      }),
    revokeAllButNewest: (userId, keep, newest, at) =>
      // Versions advance only when something was revoked: most logins revoke nothing, and caches stay warm.
      store.write(Ref.modify(table, (rows): readonly [number, HashMap.HashMap<string, Session>] => {
        const beyond = [...HashMap.values(rows)]
          .filter((s) => s.userId === userId && s.tokenHash !== newest && isSessionActive(s, at))
          .sort(newestFirst)
          .slice(Math.max(0, keep - 1))
        return [beyond.length, beyond.reduce((next, s) => HashMap.set(next, s.tokenHash, { ...s, revokedAt: at }), rows)]
      })).pipe(Effect.tap((count) => count > 0 ? changed : Effect.void), Effect.uninterruptible),
    deleteExpired: (before) =>
      modify((rows) => {
        const next = HashMap.filter(rows, (s) => DateTime.greaterThanOrEqualTo(s.expiresAt, before))
        return [HashMap.size(rows) - HashMap.size(next), next]
      })
  })
})

/** Sessions in memory. */
export const layer = Layer.effect(SessionRepository, make)
