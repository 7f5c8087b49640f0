import { SqlClient, SqlError } from "@effect/sql"
import { Effect, Layer } from "effect"
import { Transactor } from "../../core/ports/transactor.ts"
import { Versions } from "../versions/local_versions.ts"

const isSqlError = (error: unknown): error is SqlError.SqlError => error instanceof SqlError.SqlError

/**
 * Transactions of the SqlClient: the repositories' statements inside join the fiber's transaction connection, and
 * nested calls become savepoints. A failing BEGIN/COMMIT is a defect, as the port has no infrastructure error.
 */
export const layer = Layer.effect(
  Transactor,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const versions = yield* Versions
    return Transactor.of({
      withTransaction: (effect) =>
        versions.withChanges(sql.withTransaction(effect).pipe(Effect.catchIf(isSqlError, Effect.die)))
    })
  })
)
