import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { VideoId } from "../../core/domain/media.ts"
import { type KeyState, LocalMediaRecords, type LocalVideo, type UploadedPart } from "../local_media/media_records.ts"

const VideoRow = Schema.Struct({
  videoId: VideoId,
  title: Schema.String,
  objectKey: Schema.String,
  coverUrl: Schema.String,
  uploadedAt: Schema.OptionFromNullOr(Schema.DateTimeUtcFromDate)
})

const GrantRow = Schema.Struct({
  objectKey: Schema.String,
  expiresAt: Schema.DateTimeUtcFromDate,
  accessKeyId: Schema.String,
  accessKeySecret: Schema.String
})

const JobRow = Schema.Struct({
  jobId: Schema.String,
  videoId: VideoId,
  kind: Schema.Literal("snapshot", "audit", "transcode"),
  submittedAt: Schema.DateTimeUtcFromDate,
  first: Schema.Boolean,
  uploadedAt: Schema.OptionFromNullOr(Schema.DateTimeUtcFromDate)
})

// Sizes come back as text (bigint); part numbers as numbers.
const PartRow = Schema.Struct({
  uploadId: Schema.String,
  partNumber: Schema.Number,
  etag: Schema.String,
  size: Schema.NumberFromString
})

const UploadRow = Schema.Struct({ objectKey: Schema.String })

const decode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknown(Schema.Array(schema))

const toVideo = (row: typeof VideoRow.Type): LocalVideo => ({
  videoId: row.videoId,
  title: row.title,
  key: row.objectKey,
  coverUrl: row.coverUrl,
  uploadedAt: row.uploadedAt
})

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const videos = decode(VideoRow)
  const parts = decode(PartRow)

  return LocalMediaRecords.of({
    addVideo: (video) =>
      Effect.orDie(sql`insert into local_media_videos ${
        sql.insert({
          videoId: video.videoId,
          title: video.title,
          objectKey: video.key,
          coverUrl: video.coverUrl,
          uploadedAt: Option.getOrNull(Option.map(video.uploadedAt, DateTime.toDateUtc))
        })
      }`),
    findVideo: (videoId) =>
      sql`select video_id, title, object_key, cover_url, uploaded_at from local_media_videos where video_id = ${videoId}`.pipe(
        Effect.flatMap(videos),
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toVideo)),
        Effect.orDie
      ),
    addImage: (image) =>
      Effect.orDie(sql`insert into local_media_images ${sql.insert({ imageId: image.imageId, objectKey: image.key })}`),
    keyState: (key) =>
      sql<{ readonly state: KeyState }>`
        select coalesce(
          (select case when sealed then 'sealed' else 'open' end from local_media_videos where object_key = ${key}),
          (select 'open' from local_media_images where object_key = ${key}),
          'unknown'
        ) as state`.pipe(
        Effect.map((rows) => rows[0]?.state ?? "unknown"),
        Effect.orDie
      ),
    markUploaded: (key, at) =>
      sql<{ readonly known: boolean }>`
        with marked as (
          update local_media_videos set uploaded_at = ${DateTime.toDateUtc(at)} where object_key = ${key} returning 1
        )
        select exists (select 1 from marked) or exists (select 1 from local_media_images where object_key = ${key})
          as known`.pipe(
        Effect.map((rows) => rows[0]?.known === true),
        Effect.orDie
      ),
    removeVideos: (videoIds) =>
      Effect.gen(function*() {
        const ids = Array.from(new Set(videoIds))
        if (ids.length === 0) return { videos: [], uploads: [] }
        // The parts first: the delete below cascades to them. Both in one transaction, so nothing slips between.
        const partRows = yield* sql`
          select p.upload_id, p.part_number, p.etag, p.size::text as size
          from local_media_parts p
          join local_media_uploads u using (upload_id)
          join local_media_videos v on v.object_key = u.object_key
          where v.video_id in ${sql.in(ids)}
          order by p.upload_id, p.part_number`.pipe(Effect.flatMap(parts))
        const uploadIds = yield* sql<{ readonly uploadId: string }>`
          select u.upload_id from local_media_uploads u
          join local_media_videos v on v.object_key = u.object_key
          where v.video_id in ${sql.in(ids)}`
        const removed = yield* sql`
          with gone as (
            delete from local_media_videos where video_id in ${sql.in(ids)}
            returning video_id, title, object_key, cover_url, uploaded_at
          ),
          grants as (delete from local_media_grants where object_key in (select object_key from gone)),
          uploads as (delete from local_media_uploads where object_key in (select object_key from gone))
          select * from gone`.pipe(Effect.flatMap(videos))
        return {
          videos: removed.map(toVideo),
          uploads: uploadIds.map(({ uploadId }) => ({
            uploadId,
            partNumbers: partRows.filter((p) => p.uploadId === uploadId).map((p) => p.partNumber)
          }))
        }
      }).pipe(sql.withTransaction, Effect.orDie),
    addGrant: (tokenHash, grant, now) =>
      Effect.orDie(Effect.zipRight(
        sql`delete from local_media_grants where expires_at <= ${DateTime.toDateUtc(now)}`,
        sql`insert into local_media_grants ${
          sql.insert({
            tokenHash,
            objectKey: grant.key,
            expiresAt: DateTime.toDateUtc(grant.expiresAt),
            accessKeyId: grant.accessKeyId,
            accessKeySecret: grant.accessKeySecret
          })
        }`
      )),
    findGrant: (tokenHash) =>
      sql`select object_key, expires_at, access_key_id, access_key_secret from local_media_grants
        where token_hash = ${tokenHash}`.pipe(
        Effect.flatMap(decode(GrantRow)),
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), ({ objectKey, ...grant }) => ({ key: objectKey, ...grant }))),
        Effect.orDie
      ),
    // Jobs of a video removed meanwhile are not recorded: it has nothing left to process.
    addJob: (job) =>
      Effect.orDie(sql`
        with sealed as (update local_media_videos set sealed = true where video_id = ${job.videoId} returning video_id)
        insert into local_media_jobs (job_id, video_id, kind, submitted_at)
        select ${job.jobId}, video_id, ${job.kind}, ${DateTime.toDateUtc(job.submittedAt)} from sealed`),
    pendingJobs: sql`
      select j.job_id, j.video_id, j.kind, j.submitted_at, not v.announced as first, v.uploaded_at
      from local_media_jobs j join local_media_videos v using (video_id)
      order by j.seq`.pipe(Effect.flatMap(decode(JobRow)), Effect.orDie),
    finishJob: (jobId) =>
      Effect.orDie(sql`
        with finished as (delete from local_media_jobs where job_id = ${jobId} returning video_id)
        update local_media_videos set announced = true where video_id in (select video_id from finished)`),
    startMultipart: (uploadId, key, now) =>
      Effect.orDie(sql`insert into local_media_uploads ${
        sql.insert({ uploadId, objectKey: key, startedAt: DateTime.toDateUtc(now) })
      }`),
    findMultipart: (uploadId) =>
      Effect.gen(function*() {
        const upload = yield* sql`select object_key from local_media_uploads where upload_id = ${uploadId}`.pipe(
          Effect.flatMap(decode(UploadRow))
        )
        if (upload[0] === undefined) return Option.none()
        const stored = yield* sql`select upload_id, part_number, etag, size::text as size from local_media_parts
          where upload_id = ${uploadId}`.pipe(Effect.flatMap(parts))
        const byNumber = new Map<number, UploadedPart>(stored.map((p) => [p.partNumber, { etag: p.etag, size: p.size }]))
        return Option.some({ key: upload[0].objectKey, parts: byNumber })
      }).pipe(Effect.orDie),
    putPart: (uploadId, partNumber, part) =>
      sql<{ readonly partNumber: number }>`
        insert into local_media_parts (upload_id, part_number, etag, size)
        select ${uploadId}, ${partNumber}, ${part.etag}, ${part.size}
        where exists (select 1 from local_media_uploads where upload_id = ${uploadId})
        on conflict (upload_id, part_number) do update set etag = excluded.etag, size = excluded.size
        returning part_number`.pipe(Effect.map((rows) => rows.length > 0), Effect.orDie),
    endMultipart: (uploadId) => Effect.orDie(sql`delete from local_media_uploads where upload_id = ${uploadId}`)
  })
})

/** The emulator's records in PostgreSQL (or the embedded PGlite): the tables of migration 0006. */
export const layer = Layer.effect(LocalMediaRecords, make)
