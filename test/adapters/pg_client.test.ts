import { SqlClient } from "@effect/sql"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Cause, Config, Deferred, Effect, Exit, Fiber, Option, type Redacted, Scope } from "effect"
import { randomUUID } from "node:crypto"
import { launch } from "../../adapters/pglite/launcher.ts"
import * as PgClient from "../../adapters/postgres/client.ts"
import { unavailableIn } from "../../core/domain/errors.ts"
import { seeded } from "../contracts/_fixtures.ts"

type UrlSource = Effect.Effect<Redacted.Redacted<string>, unknown, Scope.Scope>

/** Runs `body` with a client of `poolSize` connections on a database of `url`, and the url itself. */
const withClient = <A, E>(
  url: UrlSource,
  poolSize: number,
  body: (url: Redacted.Redacted<string>) => Effect.Effect<A, E, SqlClient.SqlClient>
) => Effect.scoped(Effect.flatMap(url, (u) => Effect.provide(body(u), PgClient.layer({ url: u, poolSize }))))

const suite = (kind: string, url: UrlSource) =>
  describe(`SQL client on ${kind}`, () => {
    it.live("answers every statement with its own parameter while a third are interrupted at random", () =>
      withClient(url, 8, () => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const random = seeded(8068)
        const plan = Array.from({ length: 4_000 }, (_, n) => ({
          n,
          timeoutMs: random() < 0.33 ? Math.floor(random() * 3) : undefined
        }))
        const wrong: Array<string> = []
        const failed: Array<string> = []
        yield* Effect.forEach(plan, ({ n, timeoutMs }) => {
          const statement = Effect.map(sql<{ readonly n: number }>`select ${n}::int as n`, (rows) => rows[0]?.n)
          const timed = timeoutMs === undefined ? Effect.asSome(statement) : Effect.timeoutOption(statement, timeoutMs)
          return Effect.map(Effect.exit(timed), (exit) => {
            if (Exit.isFailure(exit)) failed.push(`${n}: ${Cause.pretty(exit.cause).split("\n")[0]}`)
            else if (Option.isSome(exit.value) && exit.value.value !== n) wrong.push(`${n} got ${exit.value.value}`)
          })
        }, { concurrency: 50, discard: true })
        expect(wrong).toEqual([])
        expect(failed.slice(0, 5)).toEqual([])
      })), 120_000)

    it.live("gives back a connection whose waiter was interrupted before it arrived", () =>
      withClient(url, 1, () => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const holder = yield* Effect.fork(Effect.scoped(Effect.zipRight(sql.reserve, Effect.sleep(200))))
        yield* Effect.sleep(50)
        const waiter = yield* Effect.fork(Effect.scoped(sql.reserve))
        yield* Effect.sleep(50)
        yield* Fiber.interrupt(waiter)
        yield* Fiber.join(holder)
        // The pool's only connection must be free again.
        const answer = yield* sql<{ readonly one: number }>`select 1 as one`.pipe(Effect.timeoutOption(5_000))
        expect(Option.map(answer, (rows) => rows[0]?.one)).toEqual(Option.some(1))
      })), 30_000)

    it.live("never leaves an interrupted transaction open on a pooled connection", () =>
      withClient(url, 1, (u) => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const table = sql(`probe_${randomUUID().replaceAll("-", "").slice(0, 12)}`)
        yield* sql`create table ${table} (tag text not null)`
        const interrupted = yield* sql.withTransaction(
          Effect.zipRight(sql`insert into ${table} values ('interrupted')`, sql`select pg_sleep(0.3)`)
        ).pipe(Effect.timeoutOption(60))
        expect(Option.isNone(interrupted)).toBe(true)
        // The next statements on the pool (of one) must run outside that transaction, and it must be gone whole.
        yield* sql`insert into ${table} values ('after')`
        const seen = yield* Effect.flatMap(SqlClient.SqlClient, (other) => other<{ readonly tag: string }>`select tag from ${table}`).pipe(
          Effect.provide(PgClient.layer({ url: u, poolSize: 1 }))
        )
        expect(seen.map((row) => row.tag)).toEqual(["after"])
        yield* sql`drop table ${table}`
      })), 30_000)
  })

/** A server backend can be cancelled from outside: a session that was sent a cancel must never run anything else. */
const backendSuite = (url: UrlSource) =>
  describe("SQL client sessions on PostgreSQL", () => {
    const pid = (sql: SqlClient.SqlClient) =>
      Effect.map(sql<{ readonly pid: number }>`select pg_backend_pid() as pid`, (rows) => rows[0]!.pid)

    it.live("retires a session whose interrupted statement outlives the drain time, so its cancel hits nothing else", () =>
      withClient(url, 1, () => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const before = yield* pid(sql)
        const slow = yield* sql`select pg_sleep(0.5)`.pipe(Effect.timeoutOption(10))
        expect(Option.isNone(slow)).toBe(true)
        // The pool's only connection was cancelled and closed; the next statement runs on a new backend, unharmed.
        const after = yield* Effect.map(sql<{ readonly pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.2)`, (rows) => rows[0]!.pid)
        expect(after).not.toBe(before)
      })), 30_000)

    it.live("reports a connection lost in the middle of a transaction as Unavailable, not as a failed statement", () =>
      withClient(url, 1, (u) => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const victim = yield* Deferred.make<number>()
        const killed = yield* Deferred.make<void>()
        // Outside the transaction (a statement inside would run on the transaction's own connection).
        yield* Effect.fork(Effect.gen(function*() {
          const target = yield* Deferred.await(victim)
          const other = yield* SqlClient.SqlClient
          yield* other`select pg_terminate_backend(${target})`
          yield* Deferred.succeed(killed, undefined)
        }).pipe(Effect.provide(PgClient.layer({ url: u, poolSize: 1 }))))
        const exit = yield* Effect.exit(sql.withTransaction(Effect.gen(function*() {
          yield* Deferred.succeed(victim, yield* pid(sql))
          yield* Deferred.await(killed)
          // Let the client see its socket close before the next statement.
          yield* Effect.sleep(200)
          yield* sql`select 1`
        })))
        expect(Exit.isFailure(exit) && Option.isSome(unavailableIn(exit.cause))).toBe(true)
        // The pool goes on with a new connection.
        expect(yield* pid(sql)).toBeGreaterThan(0)
      })), 30_000)

    it.live("keeps a session whose interrupted statement finishes within the drain time", () =>
      withClient(url, 1, () => Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const before = yield* pid(sql)
        const quick = yield* sql`select pg_sleep(0.02)`.pipe(Effect.timeoutOption(5))
        expect(Option.isNone(quick)).toBe(true)
        expect(yield* pid(sql)).toBe(before)
      })), 30_000)
  })

// One in-memory PGlite for this file, started by the first test that needs it and stopped after the last.
const pgliteScope = Effect.runSync(Scope.make())
afterAll(() => Effect.runPromise(Scope.close(pgliteScope, Exit.void)))
const pgliteUrl = Effect.runSync(Effect.cached(Scope.extend(launch(), pgliteScope)))
suite("PGlite (through the wire bridge)", pgliteUrl)

const testDatabaseUrl = Effect.runSync(Config.option(Config.redacted("TEST_DATABASE_URL")))
describe.skipIf(Option.isNone(testDatabaseUrl))("PostgreSQL at TEST_DATABASE_URL (skipped when unset)", () => {
  // Lazy: the block is collected (and skipped) without the variable.
  const url = Effect.suspend(() => Effect.succeed(Option.getOrThrow(testDatabaseUrl)))
  suite("PostgreSQL", url)
  backendSuite(url)
})
