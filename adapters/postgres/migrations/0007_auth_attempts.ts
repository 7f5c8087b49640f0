import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Attempts the user endpoints limit per caller (failed logins per username and per address, registrations and
 * anonymous users per address), counted here so every server sharing the database sees the same counts. Rows older
 * than the longest window count for nothing and are pruned. Every statement is idempotent.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists auth_attempts (
      id bigint generated always as identity primary key,
      scope text not null,
      key text not null,
      at timestamptz not null
    )`
  yield* sql`create index if not exists auth_attempts_scope_key_at on auth_attempts (scope, key, at)`
  yield* sql`create index if not exists auth_attempts_at on auth_attempts (at)`
})
