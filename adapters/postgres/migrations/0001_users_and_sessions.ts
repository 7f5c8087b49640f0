import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Users and their login sessions. `username_key` is the lower-cased username: its unique index makes usernames unique
 * regardless of case, and anonymous users (null key) never collide. Every statement is idempotent.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists users (
      user_id bigint generated always as identity primary key,
      username text null,
      username_key text null,
      password_hash text null,
      nickname text not null,
      avatar_url text not null,
      created_at timestamptz not null,
      modified_at timestamptz null,
      constraint users_username_key_present check ((username is null) = (username_key is null))
    )`
  yield* sql`create unique index if not exists users_username_key_unique on users (username_key)`
  yield* sql`
    create table if not exists sessions (
      token_hash text primary key,
      user_id bigint not null references users (user_id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz null
    )`
  yield* sql`create index if not exists sessions_user_id on sessions (user_id)`
  yield* sql`create index if not exists sessions_expires_at on sessions (expires_at)`
})
