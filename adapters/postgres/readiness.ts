import { SqlClient } from "@effect/sql"
import { Effect, Layer } from "effect"
import { Readiness } from "../../core/ports/readiness.ts"

/** Ready while the database answers a trivial query. */
export const layer = Layer.effect(
  Readiness,
  Effect.map(SqlClient.SqlClient, (sql) => Readiness.of({ check: Effect.asVoid(sql`select 1`) }))
)
