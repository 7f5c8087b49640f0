import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, Option } from "effect"
import { AttemptRepository } from "../../core/ports/attempt_repository.ts"

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return AttemptRepository.of({
    recordUnder: Effect.fn("AttemptRepository.recordUnder")(function*(attempt, since, max) {
      // A transaction-scoped lock per scope and key serializes counting and recording across every connection and
      // server; the count runs after the lock is held, so it sees every attempt committed before (read committed).
      return yield* Effect.gen(function*() {
        yield* sql`select pg_advisory_xact_lock(hashtextextended(${`${attempt.scope} ${attempt.key}`}, 0))`
        const rows = yield* sql<{ id: string }>`insert into auth_attempts (scope, key, at)
          select ${attempt.scope}, ${attempt.key}, ${DateTime.toDateUtc(attempt.at)}
          where (select count(*) from auth_attempts
            where scope = ${attempt.scope} and key = ${attempt.key} and at > ${DateTime.toDateUtc(since)}) < ${max}
          returning id::text as id`
        return Option.fromNullable(rows[0]?.id)
      }).pipe(sql.withTransaction, Effect.orDie)
    }),
    count: Effect.fn("AttemptRepository.count")(function*(scope, key, since) {
      const rows = yield* Effect.orDie(sql<{ total: number }>`select count(*)::int as total from auth_attempts
        where scope = ${scope} and key = ${key} and at > ${DateTime.toDateUtc(since)}`)
      return rows[0]?.total ?? 0
    }),
    remove: Effect.fn("AttemptRepository.remove")(function*(id) {
      // Ids are bigint text; anything else can name no row.
      if (!/^[0-9]{1,19}$/.test(id)) return
      yield* Effect.orDie(sql`delete from auth_attempts where id = ${id}`)
    }),
    prune: Effect.fn("AttemptRepository.prune")(function*(before) {
      const rows = yield* Effect.orDie(sql`delete from auth_attempts where at < ${DateTime.toDateUtc(before)} returning id`)
      return rows.length
    })
  })
})

/** Rate-limited attempts in PostgreSQL (or PGlite), table `auth_attempts` (migration 0007). */
export const layer = Layer.effect(AttemptRepository, make)
