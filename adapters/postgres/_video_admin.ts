import type { SqlClient, Statement } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import { VideoId } from "../../core/domain/media.ts"
import type { AdminVideoFilter, KeysetQuery } from "../../core/ports/video_repository.ts"
import { toVideo, VideoRow } from "./video_rows.ts"

const decodeVideos = Schema.decodeUnknown(Schema.Array(VideoRow))
const decodePins = Schema.decodeUnknown(Schema.Array(Schema.Struct({ videoId: VideoId })))

/**
 * The admin side of the video repository: the filtered list and the pins (a `pin_position` on the pinned rows,
 * migration 0009). `changed` marks the videos version changed after each write (the pins reorder the feed).
 */
export const videoAdmin = (
  sql: SqlClient.SqlClient,
  columns: Statement.Fragment,
  changed: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
) => ({
  listForAdmin: Effect.fn("VideoRepository.listForAdmin")(function*(filter: AdminVideoFilter, page: KeysetQuery) {
    // Each state repeats the predicate of its index (videos_admin_by_censor, videos_admin_deleted).
    const where = [
      ...Option.toArray(Option.map(filter.state, (state) =>
        state === "deleted"
          ? sql`videos.deleted_at is not null`
          : sql`videos.deleted_at is null and videos.censor_status = ${state}`)),
      ...Option.toArray(Option.map(filter.ownerId, (owner) => sql`videos.owner_id = ${owner}`)),
      ...Option.toArray(Option.map(filter.titleContains, (text) => sql`strpos(videos.title, ${text}) > 0`)),
      ...Option.toArray(Option.map(page.before, (before) =>
        sql`videos.id < ${Number.isNaN(before) ? -1 : Math.min(Math.ceil(before), 2 ** 31)}::bigint`))
    ]
    const rows = yield* sql`select ${columns} from videos where ${sql.and(where)}
      order by videos.id desc limit ${page.limit}`.pipe(Effect.flatMap(decodeVideos), Effect.orDie)
    return rows.map(toVideo)
  }),
  listPins: sql`select video_id from videos where pin_position is not null order by pin_position, id desc`.pipe(
    Effect.flatMap(decodePins),
    Effect.map((rows) => rows.map((row) => row.videoId)),
    Effect.orDie,
    Effect.withSpan("VideoRepository.listPins")
  ),
  pin: Effect.fn("VideoRepository.pin")(function*(videoId: VideoId) {
    // One pin at a time, so concurrent pins neither share a position nor pass the cap (released at commit).
    yield* Effect.orDie(sql`select pg_advisory_xact_lock(hashtext('qu_video_pins'))`)
    const rows = yield* Effect.orDie(sql`update videos
      set pin_position = (select coalesce(max(pin_position), 0) + 1 from videos where pin_position is not null)
      where video_id = ${videoId} and pin_position is null returning id`).pipe(changed)
    return rows.length > 0
  }),
  unpin: Effect.fn("VideoRepository.unpin")(function*(videoId: VideoId) {
    const rows = yield* Effect.orDie(sql`update videos set pin_position = null
      where video_id = ${videoId} and pin_position is not null returning id`).pipe(changed)
    return rows.length > 0
  }),
  // Positions 1..n: the listed pins in the order given, then any pin not listed in its current order.
  orderPins: Effect.fn("VideoRepository.orderPins")(function*(videoIds: ReadonlyArray<VideoId>) {
    yield* Effect.orDie(sql`update videos set pin_position = ordered.position
      from (select pinned.id, row_number() over (
          order by coalesce(listed.n, 2147483647), pinned.pin_position, pinned.id desc) as position
        from videos pinned
        left join jsonb_array_elements_text(${JSON.stringify(videoIds)}::jsonb) with ordinality as listed (video_id, n)
          on listed.video_id = pinned.video_id
        where pinned.pin_position is not null) ordered
      where videos.id = ordered.id`).pipe(changed)
  })
})
