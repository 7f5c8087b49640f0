import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * What the upload quotas and the expiry of unpublished uploads need (issue 11): where each upload was requested
 * from, the size it declared, and when it was published (existing published uploads take their video's time).
 * Pending uploads are found by owner or by address within a window, so both are indexed with the time.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`alter table uploads add column if not exists client_address text not null default ''`
  yield* sql`alter table uploads add column if not exists file_size bigint null`
  yield* sql`alter table uploads add column if not exists published_at timestamptz null`
  yield* sql`update uploads u set published_at = v.created_at from videos v
    where v.video_id = u.video_id and u.published_at is null`
  yield* sql`create index if not exists uploads_pending_owner on uploads (owner_user_id, created_at)
    where published_at is null`
  yield* sql`create index if not exists uploads_pending_address on uploads (client_address, created_at)
    where published_at is null`
  yield* sql`create index if not exists uploads_pending_created on uploads (created_at) where published_at is null`
})
