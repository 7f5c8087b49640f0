import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Published videos, the media-cloud events about them, and the durable job queue. `videos.id` is an int4 identity
 * (the wire id must fit a 32-bit int); `media` holds the versioned MediaState and the status columns beside it are
 * derived from it on every write, so each list is a keyset scan of its own partial index. Every statement is idempotent.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists videos (
      id integer generated always as identity primary key,
      video_id text not null,
      owner_id bigint not null references users (user_id),
      title text not null,
      description text not null,
      duration integer not null,
      cover_url text not null,
      size bigint not null,
      cate_id integer not null,
      cate_name text not null,
      tags text not null,
      media jsonb not null,
      censor_status text not null,
      snapshot_status text not null,
      transcode_status text not null,
      narrow_transcode_status text not null,
      file_url text not null,
      snapshot_cover_url text not null,
      first_frame_url text not null,
      created_at timestamptz not null,
      deleted_at timestamptz null,
      constraint videos_video_id_unique unique (video_id),
      constraint videos_censor_status_known check (censor_status in ('onCensor', 'check', 'success', 'fail'))
    )`
  // The list predicates must repeat these literals for the planner to pick the partial indexes.
  yield* sql`create index if not exists videos_recommended_hold on videos (id desc)
    where deleted_at is null and censor_status = 'success'`
  yield* sql`create index if not exists videos_recommended_off on videos (id desc)
    where deleted_at is null and censor_status <> 'fail'`
  yield* sql`create index if not exists videos_by_owner on videos (owner_id, id desc) where deleted_at is null`
  yield* sql`
    create table if not exists vod_events (
      key text primary key,
      video_id text not null,
      event_type text not null,
      event_time bigint not null,
      body jsonb not null,
      received_at timestamptz not null
    )`
  yield* sql`create index if not exists vod_events_video_id on vod_events (video_id)`
  yield* sql`
    create table if not exists jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      video_id text not null,
      attempts integer not null default 0,
      due_at timestamptz not null,
      locked_until timestamptz null,
      done_at timestamptz null,
      failed_at timestamptz null,
      last_error text null,
      created_at timestamptz not null
    )`
  yield* sql`create index if not exists jobs_due on jobs (due_at, id) where done_at is null and failed_at is null`
})
