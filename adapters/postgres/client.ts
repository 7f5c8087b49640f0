import { PgClient } from "@effect/sql-pg"
import { type Redacted, String } from "effect"

/** How to reach a PostgreSQL server (or the embedded PGlite socket). */
export interface ClientOptions {
  readonly url: Redacted.Redacted<string>
  /** Most connections the pool opens; 8 when not given. */
  readonly poolSize?: number | undefined
}

/** The default pool size for a real PostgreSQL server. */
export const defaultPoolSize = 8

/**
 * A pooled PgClient (also provided as SqlClient). Columns are snake_case in SQL and camelCase in rows: results are
 * renamed, and identifiers passed through `sql(...)` / `sql.insert(...)` are renamed back.
 */
export const layer = (options: ClientOptions) =>
  PgClient.layer({
    url: options.url,
    maxConnections: options.poolSize ?? defaultPoolSize,
    applicationName: "qu-appserver",
    transformResultNames: String.snakeToCamel,
    transformQueryNames: String.camelToSnake
  })
