import type { SqlClient } from "@effect/sql"
import { Duration, Effect, Layer, type Redacted } from "effect"
import { launch } from "../adapters/pglite/launcher.ts"
import * as PgAttempts from "../adapters/postgres/attempt_repository.ts"
import * as ChangeListener from "../adapters/postgres/change_listener.ts"
import * as PgCatalogue from "../adapters/postgres/catalogue_repository.ts"
import * as PgClient from "../adapters/postgres/client.ts"
import * as PgJobs from "../adapters/postgres/job_repository.ts"
import * as PgLocalMedia from "../adapters/postgres/local_media_records.ts"
import * as Migrator from "../adapters/postgres/migrator.ts"
import * as PgReadiness from "../adapters/postgres/readiness.ts"
import * as PgSessions from "../adapters/postgres/session_repository.ts"
import * as PgTransactor from "../adapters/postgres/transactor.ts"
import * as PgUploads from "../adapters/postgres/upload_repository.ts"
import * as PgUsers from "../adapters/postgres/user_repository.ts"
import * as PgVideos from "../adapters/postgres/video_repository.ts"
import * as PgVodEvents from "../adapters/postgres/vod_event_repository.ts"
import * as LocalVersions from "../adapters/versions/local_versions.ts"

/** Every repository in memory, with its versions (adapters/memory/mod.ts). */
export { memoryDatabase } from "../adapters/memory/mod.ts"

// Layer.provide builds the migrator before the repositories, so nothing queries an outdated schema.
const sqlRepositories = Layer.mergeAll(
  PgUsers.layer,
  PgSessions.layer,
  PgAttempts.layer,
  PgTransactor.layer,
  PgUploads.layer,
  PgCatalogue.layer,
  PgVideos.layer,
  PgVodEvents.layer,
  PgJobs.layer,
  PgLocalMedia.layer,
  PgReadiness.layer
).pipe(
  Layer.provide(Migrator.layer),
  Layer.provideMerge(LocalVersions.layer)
)

/** The SQL repositories over a given client, with no change listener: for a database only this process writes. */
export const sqlDatabase = <E, R>(client: Layer.Layer<SqlClient.SqlClient, E, R>) => sqlRepositories.pipe(Layer.provide(client))

/** Options of {@link pgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /** Where the database files live (created if missing); in memory when not given. */
  readonly dataDir?: string | undefined
  /** Client connections to the embedded server; 4 when not given (PGlite runs one statement at a time anyway). */
  readonly poolSize?: number | undefined
}

/** The SQL repositories on an embedded PGlite, reached through its wire bridge; migrated on start. */
export const pgliteDatabase = (options: PgliteDatabaseOptions = {}) => {
  const poolSize = options.poolSize ?? 4
  // Twice the pool: a retired session is replaced at once, and the bridge frees its slot only when it sees it close.
  const client = Layer.unwrapScoped(
    Effect.map(launch({ dataDir: options.dataDir, maxConnections: poolSize * 2 }), (url) => PgClient.layer({ url, poolSize }))
  )
  return sqlDatabase(client)
}

/** Options of {@link postgresDatabase}. */
export interface PostgresDatabaseOptions {
  readonly url: Redacted.Redacted<string>
  /** Most pooled connections; 8 when not given. */
  readonly poolSize?: number | undefined
  /** Named prepared statements (plan once per session); on unless false (PgBouncer in transaction mode: false). */
  readonly namedStatements?: boolean | undefined
}

/**
 * The SQL repositories on a PostgreSQL server; migrated on start. Other servers may share the database, so a change
 * listener keeps this one's versions in step with their writes (docs/decisions/0009).
 */
export const postgresDatabase = (options: PostgresDatabaseOptions) =>
  ChangeListener.layer({ url: options.url }).pipe(
    Layer.provideMerge(sqlRepositories),
    Layer.provide(PgClient.layer({
      ...options,
      // Bounds on what one stuck request can hold on the server (docs/decisions/0008).
      statementTimeout: Duration.seconds(30),
      idleInTransactionTimeout: Duration.seconds(60),
      // Plans once per session: planning the list page cost more than running it (docs/decisions/0009).
      namedStatements: options.namedStatements ?? true
    }))
  )
