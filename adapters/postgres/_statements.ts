import { SqlError } from "@effect/sql/SqlError"
import type { Connection } from "@effect/sql/SqlConnection"
import { Effect, Stream } from "effect"
import type pg from "pg"
import type { OutageLog } from "./_failures.ts"
import { reportFailure } from "./_failures.ts"
import { begin, release, type Session, sessionOf, settle, usable } from "./_session.ts"

type Rows = ReadonlyArray<any>
type RowTransform = (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined

/** Settings of the connections. */
export interface StatementOptions {
  readonly drainMs: number
  readonly outages: OutageLog
  /** Prepare statements with parameters under names (see {@link statementNames}); never behind a shared session. */
  readonly namedStatements: boolean
}

/** Most distinct statement texts given a name; later ones run unnamed (planned each time). */
export const MAX_NAMED_STATEMENTS = 500

/**
 * Names for statement texts, so that each session parses and plans a statement once and then only binds it (planning
 * the list page cost more than running it). The repositories' statements are templates, so their texts are few; a
 * text built from data (a long insert) takes a name too, up to {@link MAX_NAMED_STATEMENTS}. One name always means
 * one text, as node-postgres requires of every session.
 */
const statementNames = () => {
  const names = new Map<string, string>()
  return (text: string): string | undefined => {
    let name = names.get(text)
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
      name = `qu_${names.size}`
      names.set(text, name)
    }
    return name
  }
}

const ROLLBACK = "ROLLBACK"

const retiredError = () =>
  new SqlError({ message: "Connection retired after an interrupted statement", cause: new Error("retired session") })

// A statement after the socket failed (a restart mid-transaction, say) meets a lost connection, as the server sees it.
const lostConnection = () => Object.assign(new Error("Connection terminated: the session's socket failed"), { code: "08006" })

/** Runs one statement on a session; an interruption lets it drain or retires the session (see _session.ts). */
const query = (session: Session, config: pg.QueryConfig, options: StatementOptions) =>
  Effect.async<pg.QueryResult | Array<pg.QueryResult>, SqlError>((resume) => {
    if (!usable(session)) {
      // Closing a retired or broken session rolls its transaction back, so a ROLLBACK there has nothing left to do.
      if (config.text === ROLLBACK) resume(Effect.succeed([]))
      else if (session.broken) resume(reportFailure(options.outages, lostConnection(), "Failed to execute statement"))
      else resume(Effect.fail(retiredError()))
      return
    }
    const answered = begin(session)
    try {
      session.client.query(config, (error: Error | null, result: pg.QueryResult | Array<pg.QueryResult>) => {
        answered()
        resume(
          error === null || error === undefined
            ? Effect.as(options.outages.answered, result)
            : reportFailure(options.outages, error, "Failed to execute statement")
        )
      })
    } catch (error) {
      answered()
      resume(reportFailure(options.outages, error, "Failed to execute statement"))
      return
    }
    return Effect.promise(() => settle(session, options.drainMs))
  })

// Multi-statement simple queries answer one result per statement.
const rowsOf = (result: pg.QueryResult | Array<pg.QueryResult>): Rows =>
  Array.isArray(result) ? result.map((r) => r.rows ?? []) : result.rows ?? []

/**
 * Waits for a pooled client, interruptibly: a client that arrives after its waiter gave up goes straight back
 * (an abandoned wait never keeps a connection, which @effect/sql-pg 0.53's transaction acquirer did).
 */
const acquire = (pool: pg.Pool, options: StatementOptions) =>
  Effect.async<Session, SqlError>((resume) => {
    let abandoned = false
    let delivered: pg.PoolClient | undefined
    let taken = false
    pool.connect((error, client) => {
      if (abandoned) return client?.release()
      if (error || client === undefined) {
        resume(reportFailure(options.outages, error ?? new Error("no client"), "Cannot get a database connection"))
        return
      }
      delivered = client
      resume(Effect.sync(() => {
        taken = true
        return sessionOf(client)
      }))
    })
    return Effect.sync(() => {
      abandoned = true
      // Delivered but dropped by the interruption: nobody else will release it.
      if (delivered !== undefined && !taken) delivered.release()
    })
  })

/** The pooled connection (one client per statement) and the scoped acquirer of transaction connections. */
export const makeConnections = (pool: pg.Pool, options: StatementOptions) => {
  const nameOf = options.namedStatements ? statementNames() : () => undefined
  const onSession = (session: Session): Connection => connection((config) => query(session, config, options), nameOf)
  const withPooled = <A>(use: (session: Session) => Effect.Effect<A, SqlError>) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(restore(acquire(pool, options)), (session) =>
        restore(use(session)).pipe(Effect.ensuring(Effect.sync(() => release(session))))))
  const pooled = connection((config) => withPooled((session) => query(session, config, options)), nameOf)
  const reserve = Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(restore(acquire(pool, options)), (session) =>
      Effect.as(Effect.addFinalizer(() => Effect.sync(() => release(session))), onSession(session))))
  return { pooled, reserve }
}

/** A Connection of @effect/sql over a function that runs one statement. */
const connection = (
  run: (config: pg.QueryConfig) => Effect.Effect<pg.QueryResult | Array<pg.QueryResult>, SqlError>,
  nameOf: (text: string) => string | undefined
): Connection => {
  const rowsIn = (transformRows: RowTransform) => (result: pg.QueryResult | Array<pg.QueryResult>) => {
    const rows = rowsOf(result)
    return transformRows === undefined ? rows : transformRows(rows)
  }
  const execute = (sql: string, params: ReadonlyArray<unknown>, transformRows: RowTransform) =>
    Effect.map(run({ text: sql, values: params as Array<unknown> }), rowsIn(transformRows))
  return {
    // Only statements with parameters are named: BEGIN, COMMIT and the like are not worth a session's memory.
    execute: (sql, params, transformRows) => {
      const name = params.length > 0 ? nameOf(sql) : undefined
      return name === undefined
        ? execute(sql, params, transformRows)
        : Effect.map(run({ name, text: sql, values: params as Array<unknown> }), rowsIn(transformRows))
    },
    executeRaw: (sql, params) => run({ text: sql, values: params as Array<unknown> }),
    executeValues: (sql, params) =>
      Effect.map(
        run({ text: sql, values: params as Array<unknown>, rowMode: "array" } as pg.QueryConfig),
        (result) => rowsOf(result) as ReadonlyArray<ReadonlyArray<unknown>>
      ),
    executeUnprepared: execute,
    // Nothing here streams; a stream of the whole result keeps the interface honest without a cursor.
    executeStream: (sql, params, transformRows) =>
      Stream.flatMap(Stream.fromEffect(execute(sql, params, transformRows)), Stream.fromIterable)
  }
}
