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
  createdAt: Schema.DateTimeUtcFromDate
})

const decodeRows = Schema.decodeUnknown(Schema.Array(UploadRow))

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const select = (videoId: VideoId, lock: Statement.Fragment) =>
    sql`select video_id, owner_user_id::text as owner_user_id, title, file_name, created_at
      from uploads where video_id = ${videoId} ${lock}`.pipe(
      Effect.flatMap(decodeRows),
      Effect.orDie,
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), (row) => ({
        videoId: row.videoId,
        owner: Option.fromNullable(row.ownerUserId),
        title: row.title,
        fileName: row.fileName,
        createdAt: row.createdAt
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
          createdAt: DateTime.toDateUtc(record.createdAt)
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
    })
  })
})

/** Upload records in PostgreSQL (or PGlite). */
export const layer = Layer.effect(UploadRepository, make)
