import { SqlClient, SqlError } from "@effect/sql"
import { Effect, Layer } from "effect"
import { Transactor } from "../../core/ports/transactor.ts"

const isSqlError = (error: unknown): error is SqlError.SqlError => error instanceof SqlError.SqlError

/**
 * Transactions of the SqlClient: the repositories' statements inside join the fiber's transaction connection, and
 * nested calls become savepoints. A failing BEGIN/COMMIT is a defect, as the port has no infrastructure error.
 */
export const layer = Layer.effect(
  Transactor,
  Effect.map(SqlClient.SqlClient, (sql) =>
    Transactor.of({
      withTransaction: (effect) => sql.withTransaction(effect).pipe(Effect.catchIf(isSqlError, Effect.die))
    }))
)
