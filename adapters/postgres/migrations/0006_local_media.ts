import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * What the local media emulator remembers (adapters/local_media/media_records.ts), so uploads, media records, issued
 * upload credentials, owed simulated events and multipart uploads survive a restart. Unused (and empty) when the
 * server runs against Alibaba Cloud. Everything hangs off a video or an upload and goes with it.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists local_media_videos (
      video_id text primary key,
      title text not null,
      object_key text not null unique,
      cover_url text not null,
      uploaded_at timestamptz null,
      announced boolean not null default false,
      sealed boolean not null default false
    )`
  yield* sql`
    create table if not exists local_media_images (
      image_id text primary key,
      object_key text not null unique
    )`
  // The key pair is kept because a request's signature can only be checked with its secret; the token only as a hash.
  yield* sql`
    create table if not exists local_media_grants (
      token_hash text primary key,
      object_key text not null,
      expires_at timestamptz not null,
      access_key_id text not null,
      access_key_secret text not null
    )`
  yield* sql`create index if not exists local_media_grants_key on local_media_grants (object_key)`
  yield* sql`
    create table if not exists local_media_jobs (
      seq bigint generated always as identity primary key,
      job_id text not null unique,
      video_id text not null references local_media_videos (video_id) on delete cascade,
      kind text not null check (kind in ('snapshot', 'audit', 'transcode')),
      submitted_at timestamptz not null
    )`
  yield* sql`create index if not exists local_media_jobs_video on local_media_jobs (video_id)`
  yield* sql`
    create table if not exists local_media_uploads (
      upload_id text primary key,
      object_key text not null,
      started_at timestamptz not null
    )`
  yield* sql`create index if not exists local_media_uploads_key on local_media_uploads (object_key)`
  yield* sql`
    create table if not exists local_media_parts (
      upload_id text not null references local_media_uploads (upload_id) on delete cascade,
      part_number integer not null,
      etag text not null,
      size bigint not null,
      primary key (upload_id, part_number)
    )`
})
