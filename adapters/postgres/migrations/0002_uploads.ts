import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** Which user (null: an anonymous demo caller) each videoId was issued to. Looked up by its primary key only. */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists uploads (
      video_id text primary key,
      owner_user_id bigint null references users (user_id),
      title text not null,
      file_name text not null,
      created_at timestamptz not null
    )`
})
