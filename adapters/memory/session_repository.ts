import { DateTime, Effect, HashMap, Layer, Ref } from "effect"
import type { Session } from "../../core/domain/session.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table("sessions", HashMap.empty<string, Session>())
  const changesSessions = touching(yield* Versions, "users")
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
    deleteExpired: (before) =>
      modify((rows) => {
        const next = HashMap.filter(rows, (s) => DateTime.greaterThanOrEqualTo(s.expiresAt, before))
        return [HashMap.size(rows) - HashMap.size(next), next]
      })
  })
})

/** Sessions in memory. */
export const layer = Layer.effect(SessionRepository, make)
