import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * What the admin API needs (issue 13, docs/admin.md): users an administrator disabled; the pinned videos of the
 * recommend list as a position on their row (so a pin is a write to `videos`, counted and notified by the triggers of
 * migration 0005); what each VOD event did (null for events stored before this migration: "unknown"); and indexes for
 * the admin lists (by moderation status, deleted ones, disabled users) and for a video's latest events.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`alter table users add column if not exists disabled_at timestamptz null`
  yield* sql`create index if not exists users_disabled on users (user_id desc) where disabled_at is not null`
  yield* sql`alter table videos add column if not exists pin_position integer null`
  yield* sql`create index if not exists videos_pinned on videos (pin_position, id desc) where pin_position is not null`
  yield* sql`create index if not exists videos_admin_by_censor on videos (censor_status, id desc) where deleted_at is null`
  yield* sql`create index if not exists videos_admin_deleted on videos (id desc) where deleted_at is not null`
  yield* sql`alter table vod_events add column if not exists outcome text null`
  yield* sql`create index if not exists vod_events_latest on vod_events (video_id, received_at desc, event_time desc, key desc)`
})
