import { SqlClient, type Statement } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { VideoId } from "../../core/domain/media.ts"
import { Conflict } from "../../core/domain/errors.ts"
import { UserId } from "../../core/domain/user.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"

const UploadRow = Schema.Struct({
  videoId: VideoId,
  ownerUserId: Schema.NullOr(UserId),
  title: Schema.String,
  fileName: Schema.String,
  createdAt: Schema.DateTimeUtcFromDate,
  clientAddress: Schema.String,
  fileSize: Schema.NullOr(Schema.NumberFromString)
})

const Usage = Schema.Struct({
  ownerUploads: Schema.NumberFromString,
  ownerBytes: Schema.NumberFromString,
  addressUploads: Schema.NumberFromString,
  addressBytes: Schema.NumberFromString
})

const decodeRows = Schema.decodeUnknown(Schema.Array(UploadRow))

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const select = (videoId: VideoId, lock: Statement.Fragment) =>
    sql`select video_id, owner_user_id::text as owner_user_id, title, file_name, created_at, client_address,
        file_size::text as file_size
      from uploads where video_id = ${videoId} ${lock}`.pipe(
      Effect.flatMap(decodeRows),
      Effect.orDie,
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), (row) => ({
        videoId: row.videoId,
        owner: Option.fromNullable(row.ownerUserId),
        title: row.title,
        fileName: row.fileName,
        createdAt: row.createdAt,
        clientAddress: row.clientAddress,
        fileSize: Option.fromNullable(row.fileSize)
      })))
    )
  return UploadRepository.of({
    insert: Effect.fn("UploadRepository.insert")(function*(record) {
      // on conflict do nothing keeps a surrounding transaction usable, unlike a caught unique violation.
      const rows = yield* Effect.orDie(sql`insert into uploads ${
        sql.insert({
          videoId: record.videoId,
          ownerUserId: Option.getOrNull(record.owner),
          title: record.title,
          fileName: record.fileName,
          createdAt: DateTime.toDateUtc(record.createdAt),
          clientAddress: record.clientAddress,
          fileSize: Option.getOrNull(record.fileSize)
        })
      } on conflict (video_id) do nothing returning video_id`)
      if (rows.length === 0) {
        return yield* new Conflict({ message: `Cannot record upload: videoId ${record.videoId} is already recorded` })
      }
    }),
    find: Effect.fn("UploadRepository.find")(function*(videoId) {
      return yield* select(videoId, sql``)
    }),
    findForUpdate: Effect.fn("UploadRepository.findForUpdate")(function*(videoId) {
      return yield* select(videoId, sql`for update`)
    }),
    claim: Effect.fn("UploadRepository.claim")(function*(videoId, userId) {
      yield* Effect.orDie(sql`update uploads set owner_user_id = ${userId}
        where video_id = ${videoId} and owner_user_id is null`)
    }),
    markPublished: Effect.fn("UploadRepository.markPublished")(function*(videoId, at) {
      yield* Effect.orDie(sql`update uploads set published_at = ${DateTime.toDateUtc(at)}
        where video_id = ${videoId} and published_at is null`)
    }),
    pendingUsage: Effect.fn("UploadRepository.pendingUsage")(function*(query) {
      const since = DateTime.toDateUtc(query.since)
      const owner = Option.getOrNull(query.owner)
      const rows = yield* sql`
        select
          count(*) filter (where owner_user_id = ${owner})::text as owner_uploads,
          coalesce(sum(coalesce(file_size, ${query.undeclaredBytes})) filter (where owner_user_id = ${owner}), 0)::text
            as owner_bytes,
          count(*) filter (where client_address = ${query.clientAddress})::text as address_uploads,
          coalesce(sum(coalesce(file_size, ${query.undeclaredBytes})) filter (where client_address = ${query.clientAddress}), 0)::text
            as address_bytes
        from uploads
        where published_at is null and created_at >= ${since}
          and (owner_user_id = ${owner} or client_address = ${query.clientAddress})`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(Usage))),
        Effect.orDie
      )
      const usage = rows[0] ?? { ownerUploads: 0, ownerBytes: 0, addressUploads: 0, addressBytes: 0 }
      return {
        owner: { uploads: usage.ownerUploads, bytes: usage.ownerBytes },
        address: { uploads: usage.addressUploads, bytes: usage.addressBytes }
      }
    }),
    takeExpired: Effect.fn("UploadRepository.takeExpired")(function*(before, limit) {
      const rows = yield* Effect.orDie(sql<{ readonly videoId: string }>`
        delete from uploads where video_id in (
          select video_id from uploads
          where published_at is null and created_at < ${DateTime.toDateUtc(before)}
          order by created_at
          limit ${Math.max(0, limit)}
          for update skip locked
        ) and published_at is null
        returning video_id`)
      return rows.map((row) => VideoId.make(row.videoId))
    })
  })
})

/** Upload records in PostgreSQL (or PGlite). */
export const layer = Layer.effect(UploadRepository, make)
