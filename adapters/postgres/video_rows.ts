import { DateTime, Option, Schema } from "effect"
import type { Page } from "../../core/ports/video_repository.ts"
import { VideoId } from "../../core/domain/media.ts"
import { UserId } from "../../core/domain/user.ts"
import type { MediaState, Video, VideoView } from "../../core/domain/video.ts"
import { fileUrl, narrowTranscodeStatus, transcodeStatus } from "../../core/domain/video_state.ts"

/**
 * `videos.media` moves as JSON text (`::text` out, text into jsonb in): the client's snake/camel name transform would
 * otherwise rename the keys inside JSON values too.
 */
/** The columns derived from the media state, rewritten with it so lists filter on plain indexed columns. */
export const derivedColumns = (media: MediaState) => ({
  censorStatus: media.censor.value,
  snapshotStatus: media.snapshot.value.status,
  transcodeStatus: transcodeStatus(media),
  narrowTranscodeStatus: narrowTranscodeStatus(media),
  fileUrl: fileUrl(media),
  snapshotCoverUrl: media.snapshot.value.coverUrl,
  firstFrameUrl: media.snapshot.value.firstFrameUrl
})

/** A `videos` row as selected by the repository (bigints as text, media as JSON text). */
export const VideoRow = Schema.Struct({
  id: Schema.Int,
  videoId: VideoId,
  ownerId: UserId,
  title: Schema.String,
  description: Schema.String,
  duration: Schema.Number,
  coverUrl: Schema.String,
  size: Schema.NumberFromString,
  cateId: Schema.Number,
  cateName: Schema.String,
  tags: Schema.String,
  // Only this adapter writes `media`, from a typed MediaState; re-validating every row of every page cost more than
  // the query itself (≈ 2 ms a page of 20), so reads trust it and parse it plainly.
  media: Schema.String,
  createdAt: Schema.DateTimeUtcFromDate,
  deletedAt: Schema.NullOr(Schema.DateTimeUtcFromDate)
})
export type VideoRow = typeof VideoRow.Type

/** The Video of a row. */
export const toVideo = (row: VideoRow): Video => ({
  id: row.id,
  videoId: row.videoId,
  ownerId: row.ownerId,
  metadata: {
    title: row.title,
    description: row.description,
    duration: row.duration,
    coverUrl: row.coverUrl,
    size: row.size,
    cateId: row.cateId,
    cateName: row.cateName,
    tags: row.tags
  },
  media: JSON.parse(row.media) as MediaState,
  createdAt: row.createdAt,
  deletedAt: Option.fromNullable(row.deletedAt)
})

/**
 * A row of a list statement, as an array (the driver's row mode "array": no object per row, no name transform):
 * the list's total, then a video joined with its author (the repository's columns, nickname, avatar url), or null
 * video columns when the page is empty. Not decoded: only this adapter writes these columns, and the driver gives
 * integers as numbers, bigints and jsonb as text (cast in the select), timestamps as Dates. Decoding every row of
 * every page with Schema cost more than reading it.
 */
export type PageRow = ReadonlyArray<unknown>

/** The page of a list statement's rows, whose total is at index `at` (lists never hold deleted videos). */
export const pageOf = (rows: ReadonlyArray<PageRow>, at = 0): Page => {
  const items: Array<VideoView> = []
  for (const row of rows) {
    if (row[at + 1] === null) continue
    const ownerId = row[at + 3] as UserId
    items.push({
      video: {
        id: row[at + 1] as number,
        videoId: row[at + 2] as VideoId,
        ownerId,
        metadata: {
          title: row[at + 4] as string,
          description: row[at + 5] as string,
          duration: row[at + 6] as number,
          coverUrl: row[at + 7] as string,
          size: Number(row[at + 8]),
          cateId: row[at + 9] as number,
          cateName: row[at + 10] as string,
          tags: row[at + 11] as string
        },
        media: JSON.parse(row[at + 12] as string) as MediaState,
        createdAt: DateTime.unsafeFromDate(row[at + 13] as Date),
        deletedAt: Option.none()
      },
      author: { userId: ownerId, nickname: row[at + 15] as string, avatarUrl: row[at + 16] as string }
    })
  }
  return { total: rows.length === 0 ? 0 : rows[0]![at] as number, items }
}
