import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import type { Session } from "../../core/domain/session.ts"
import { UserId } from "../../core/domain/user.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { touching, Versions } from "../versions/local_versions.ts"

/** A `sessions` row (camelCase after the client's name transform). */
const SessionRow = Schema.Struct({
  tokenHash: Schema.String,
  userId: UserId,
  createdAt: Schema.DateTimeUtcFromDate,
  expiresAt: Schema.DateTimeUtcFromDate,
  revokedAt: Schema.NullOr(Schema.DateTimeUtcFromDate)
})

const decodeRows = Schema.decodeUnknown(Schema.Array(SessionRow))

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const changesSessions = touching(yield* Versions, "users")
  return SessionRepository.of({
    insert: Effect.fn("SessionRepository.insert")(function*(session) {
      yield* Effect.orDie(sql`insert into sessions ${
        sql.insert({
          tokenHash: session.tokenHash,
          userId: session.userId,
          createdAt: DateTime.toDateUtc(session.createdAt),
          expiresAt: DateTime.toDateUtc(session.expiresAt),
          revokedAt: session.revokedAt === undefined ? null : DateTime.toDateUtc(session.revokedAt)
        })
      }`)
    }),
    findByTokenHash: Effect.fn("SessionRepository.findByTokenHash")(function*(tokenHash) {
      const rows = yield* sql`select token_hash, user_id::text as user_id, created_at, expires_at, revoked_at
        from sessions where token_hash = ${tokenHash}`.pipe(Effect.flatMap(decodeRows), Effect.orDie)
      return Option.map(Option.fromNullable(rows[0]), (row): Session => ({ ...row, revokedAt: row.revokedAt ?? undefined }))
    }),
    revoke: Effect.fn("SessionRepository.revoke")(function*(tokenHash, at) {
      const rows = yield* Effect.orDie(sql`update sessions set revoked_at = ${DateTime.toDateUtc(at)}
        where token_hash = ${tokenHash} and revoked_at is null returning token_hash`).pipe(changesSessions)
      return rows.length > 0
    }),
    revokeAllOfUser: Effect.fn("SessionRepository.revokeAllOfUser")(function*(userId, at) {
      const rows = yield* Effect.orDie(sql`update sessions set revoked_at = ${DateTime.toDateUtc(at)}
        where user_id = ${userId} and revoked_at is null returning token_hash`).pipe(changesSessions)
      return rows.length
    }),
    revokeAllButNewest: Effect.fn("SessionRepository.revokeAllButNewest")(function*(userId, keep, newest, at) {
      const when = DateTime.toDateUtc(at)
      // Looked up first, and updated only when there is something to revoke: an update, even of no row, notifies
      // every server to empty its session cache (migration 0005), and most logins revoke nothing.
      const beyond = yield* Effect.orDie(sql<{ tokenHash: string }>`select token_hash from sessions
        where user_id = ${userId} and token_hash <> ${newest} and revoked_at is null and expires_at > ${when}
        order by created_at desc, token_hash collate "C" desc
        offset ${Math.max(0, keep - 1)}`)
      if (beyond.length === 0) return 0
      const rows = yield* Effect.orDie(sql`update sessions set revoked_at = ${when}
        where token_hash in ${sql.in(beyond.map((row) => row.tokenHash))} and revoked_at is null
        returning token_hash`).pipe(changesSessions)
      return rows.length
    }),
    deleteExpired: Effect.fn("SessionRepository.deleteExpired")(function*(before) {
      const rows = yield* Effect.orDie(sql`delete from sessions
        where expires_at < ${DateTime.toDateUtc(before)} returning token_hash`).pipe(changesSessions)
      return rows.length
    })
  })
})

/** Sessions in PostgreSQL (or PGlite); needs a SqlClient whose rows have camelCase names (see client.ts). */
export const layer = Layer.effect(SessionRepository, make)
