import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient, Statement } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { Config, ConfigError, Duration, Effect, Either, Layer, Option, Redacted, String } from "effect"
import pg from "pg"
import { makeOutageLog } from "./_failures.ts"
import { makeConnections } from "./_statements.ts"
import { recordPool } from "../telemetry/metrics.ts"

/** How to reach a PostgreSQL server (or the embedded PGlite bridge). */
export interface ClientOptions {
  readonly url: Redacted.Redacted<string>
  /** Most connections the pool opens; 8 when not given. */
  readonly poolSize?: number | undefined
  /** How long an interrupted statement may run on before its session is cancelled and retired; 50 ms by default. */
  readonly drainTime?: Duration.Duration | undefined
  /** How long to wait for a connection (a new one, or a free one from the pool); 5 s by default. */
  readonly connectTimeout?: Duration.Duration | undefined
  /** The server-side `statement_timeout`; none when not given (PGlite has no timer to honour it). */
  readonly statementTimeout?: Duration.Duration | undefined
  /** The server-side `idle_in_transaction_session_timeout`; none when not given. */
  readonly idleInTransactionTimeout?: Duration.Duration | undefined
  /**
   * Parse and plan each statement once per session (named prepared statements); off by default. Only for a server
   * whose sessions are this client's own: not behind the PGlite bridge (one shared session) nor a transaction pooler.
   */
  readonly namedStatements?: boolean | undefined
}

/** The default pool size for a real PostgreSQL server. */
export const defaultPoolSize = 8

const millis = (duration: Duration.Duration | undefined) => duration === undefined ? undefined : Duration.toMillis(duration)

const openPool = (options: ClientOptions) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const statementTimeout = millis(options.statementTimeout)
      const idleInTransaction = millis(options.idleInTransactionTimeout)
      const pool = new pg.Pool({
        connectionString: Redacted.value(options.url),
        max: options.poolSize ?? defaultPoolSize,
        connectionTimeoutMillis: millis(options.connectTimeout) ?? 5_000,
        idleTimeoutMillis: 30_000,
        application_name: "qu-appserver",
        ...(statementTimeout === undefined ? {} : { statement_timeout: statementTimeout }),
        ...(idleInTransaction === undefined ? {} : { idle_in_transaction_session_timeout: idleInTransaction })
      })
      // An idle client whose socket fails is dropped by the pool; the error itself needs no handling here.
      pool.on("error", () => {})
      // The pool's gauges for /metrics, every 5 seconds while it lives: a plain timer (no fiber to keep or interrupt).
      const sample = () =>
        Effect.runSync(recordPool({
          total: pool.totalCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
          max: options.poolSize ?? defaultPoolSize
        }))
      sample()
      return { pool, timer: setInterval(sample, 5_000).unref() }
    }),
    ({ pool, timer }) =>
      Effect.sync(() => clearInterval(timer)).pipe(
        Effect.zipRight(Effect.promise(() => pool.end())),
        Effect.timeoutOption(2_000)
      )
  )

/**
 * A pooled SqlClient over node-postgres whose interruptions never touch another request's statement: an interrupted
 * statement gets `drainTime` to finish, else its session is cancelled and closed instead of reused; a connection
 * goes back to the pool only outside any transaction. An unreachable database dies with the core's `Unavailable`.
 * Columns are snake_case in SQL and camelCase in rows (and back for identifiers passed through `sql(...)`).
 */
export const make = (options: ClientOptions) =>
  Effect.gen(function*() {
    const { pool } = yield* openPool(options)
    const outages = makeOutageLog()
    // Fail start-up with one line when the database does not answer, as the driver's own client did.
    yield* Effect.tryPromise({
      try: () => pool.query("select 1"),
      catch: (cause) => new SqlError({ cause, message: "Cannot connect to the database" })
    })
    const connections = makeConnections(pool, {
      drainMs: Duration.toMillis(options.drainTime ?? Duration.millis(50)),
      outages,
      namedStatements: options.namedStatements ?? false
    })
    return yield* SqlClient.make({
      acquirer: Effect.succeed(connections.pooled),
      transactionAcquirer: connections.reserve,
      compiler: PgClient.makeCompiler(String.camelToSnake),
      spanAttributes: [["db.system.name", "postgresql"]],
      transformRows: Statement.defaultTransforms(String.snakeToCamel).array
    })
  })

/** The client as a layer, providing SqlClient. */
export const layer = (options: ClientOptions) =>
  Layer.scoped(SqlClient.SqlClient, make(options)).pipe(Layer.provide(Reactivity.layer))

/** The client's settings in the environment: DATABASE_URL (none when unset or empty), QU_DB_POOL_SIZE, QU_DB_NAMED_STATEMENTS. */
export interface ClientSettings {
  readonly url: Option.Option<Redacted.Redacted<string>>
  readonly poolSize: number
  readonly namedStatements: boolean
}

/** The one declaration of {@link ClientSettings}; a bad value fails with the variable's name. */
export const clientConfig: Config.Config<ClientSettings> = Config.all({
  // An empty DATABASE_URL means "not set", as shells and .env files often leave it.
  url: Config.option(Config.redacted("DATABASE_URL")).pipe(
    Config.map(Option.filter((url) => Redacted.value(url).trim() !== ""))
  ),
  // Validated before the default is attached: only then does a bad value's error name the variable.
  poolSize: Config.integer("QU_DB_POOL_SIZE").pipe(
    Config.validate({ message: "must be an integer from 1 to 200", validation: (n) => n >= 1 && n <= 200 }),
    Config.withDefault(10)
  ),
  namedStatements: Config.literal("on", "off")("QU_DB_NAMED_STATEMENTS").pipe(
    Config.withDefault("on"),
    Config.map((v) => v === "on")
  )
})

/** {@link layer} from {@link clientConfig} plus the given options; fails naming DATABASE_URL when it is unset. */
export const layerConfig = (options: Omit<ClientOptions, "url" | "poolSize" | "namedStatements"> = {}) =>
  Layer.unwrapEffect(Effect.map(
    clientConfig.pipe(Config.mapOrFail((settings) =>
      Option.match(settings.url, {
        onNone: () => Either.left(ConfigError.MissingData(["DATABASE_URL"], "Expected DATABASE_URL to be set")),
        onSome: (url) => Either.right({ ...settings, url })
      })
    )),
    (settings) => layer({ ...options, ...settings })
  ))
