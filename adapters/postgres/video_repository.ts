import { SqlClient, type Statement } from "@effect/sql"
import { Cache, DateTime, Duration, Effect, Layer, Option, Schema } from "effect"
import { Conflict } from "../../core/domain/errors.ts"
import type { MediaState, ModerationMode } from "../../core/domain/video.ts"
import { type PageQuery, VideoRepository } from "../../core/ports/video_repository.ts"
import { derivedColumns, toVideo, toView, VideoRow, VideoViewRow } from "./video_rows.ts"

const decodeVideos = Schema.decodeUnknown(Schema.Array(VideoRow))
const decodeViews = Schema.decodeUnknown(Schema.Array(VideoViewRow))
const decodeTotal = Schema.decodeUnknown(Schema.Tuple(Schema.Struct({ total: Schema.Int })))

/** The media state and the columns derived from it, as written. JSON goes in as text (see video_rows.ts). */
const mediaColumns = (media: MediaState) => ({ media: JSON.stringify(media), ...derivedColumns(media) })

/**
 * The cursor as an integer bound with the same meaning for whole ids (`id < 10.5` is `id < 11`), kept within
 * bigint range so any number the caller passes compares instead of failing the statement; NaN matches nothing.
 */
const cursor = (before: number) =>
  Number.isNaN(before) ? -(2 ** 53) : Math.min(Math.max(Math.ceil(before), -(2 ** 53)), 2 ** 53)

/** Options of the SQL video repository. */
export interface VideoRepositoryOptions {
  /**
   * How long the public feed's `total` may be reused. Counting the feed's partial index costs far more than a page
   * (≈ 20 ms at 100k rows), so a server under load counts once per interval; zero counts every time.
   */
  readonly feedTotalTtl: Duration.Duration
  /**
   * How long a page of the public feed may be reused (the feed is the same for every caller). A newly published or
   * newly approved video shows in the feed after at most this long; zero reads every time.
   */
  readonly feedPageTtl?: Duration.Duration | undefined
}

const make = (options: VideoRepositoryOptions) => Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // Qualified, so the same list serves plain selects, RETURNING and the join with users.
  const columns = sql`videos.id, videos.video_id, videos.owner_id::text as owner_id, videos.title, videos.description,
    videos.duration, videos.cover_url, videos.size::text as size, videos.cate_id, videos.cate_name, videos.tags,
    videos.media::text as media, videos.created_at, videos.deleted_at`
  const selectOne = (where: Statement.Fragment, lock: Statement.Fragment) =>
    sql`select ${columns} from videos where ${where} ${lock}`.pipe(
      Effect.flatMap(decodeVideos),
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toVideo)),
      Effect.orDie
    )
  // Each filter repeats its partial index's predicate literally, so the page is a keyset scan of that index.
  const count = (filter: Statement.Fragment) =>
    sql`select count(*)::integer as total from videos where ${filter}`.pipe(
      Effect.flatMap(decodeTotal),
      Effect.map(([row]) => row.total),
      Effect.orDie
    )
  const feedFilter = (moderation: ModerationMode) =>
    moderation === "hold"
      ? sql`videos.deleted_at is null and videos.censor_status = 'success'`
      : sql`videos.deleted_at is null and videos.censor_status <> 'fail'`
  const feedTotals = yield* Cache.make({
    capacity: 2,
    timeToLive: options.feedTotalTtl,
    lookup: (moderation: ModerationMode) => count(feedFilter(moderation))
  })
  const feedTotal = (moderation: ModerationMode) =>
    Duration.toMillis(options.feedTotalTtl) > 0 ? feedTotals.get(moderation) : count(feedFilter(moderation))
  const page = (filter: Statement.Fragment, query: PageQuery, total: Effect.Effect<number>) => {
    const before = Option.match(query.before, { onNone: () => [], onSome: (b) => [sql`videos.id < ${cursor(b)}::bigint`] })
    return Effect.all({
      total,
      items: sql`select ${columns}, users.nickname, users.avatar_url
        from videos join users on users.user_id = videos.owner_id
        where ${sql.and([filter, ...before])}
        order by videos.id desc limit ${query.limit} offset ${query.offset}`.pipe(
        Effect.flatMap(decodeViews),
        Effect.map((rows) => rows.map(toView))
      )
    }, { concurrency: 2 }).pipe(Effect.orDie)
  }

  const feedPage = (moderation: ModerationMode, query: PageQuery) => page(feedFilter(moderation), query, feedTotal(moderation))
  const pageTtl = options.feedPageTtl ?? Duration.zero
  const feedPages = yield* Cache.make({
    capacity: 1024,
    timeToLive: pageTtl,
    lookup: (key: string) => {
      const [moderation, before, offset, limit] = key.split("|")
      return feedPage(moderation as ModerationMode, {
        before: before === "" ? Option.none() : Option.some(Number(before)),
        offset: Number(offset),
        limit: Number(limit)
      })
    }
  })

  return VideoRepository.of({
    insert: Effect.fn("VideoRepository.insert")(function*(video) {
      // on conflict do nothing keeps a surrounding transaction usable, unlike a caught unique violation.
      const rows = yield* sql`insert into videos ${
        sql.insert({
          videoId: video.videoId,
          ownerId: video.ownerId,
          ...video.metadata,
          ...mediaColumns(video.media),
          createdAt: DateTime.toDateUtc(video.createdAt)
        })
      } on conflict (video_id) do nothing returning ${columns}`.pipe(Effect.flatMap(decodeVideos), Effect.orDie)
      const [row] = rows
      if (row === undefined) {
        return yield* new Conflict({ message: `Cannot publish video: videoId ${video.videoId} is already published` })
      }
      return toVideo(row)
    }),
    findByVideoId: Effect.fn("VideoRepository.findByVideoId")(function*(videoId) {
      return yield* selectOne(sql`video_id = ${videoId}`, sql``)
    }),
    findForUpdate: Effect.fn("VideoRepository.findForUpdate")(function*(videoId) {
      return yield* selectOne(sql`video_id = ${videoId}`, sql`for update`)
    }),
    updateMedia: Effect.fn("VideoRepository.updateMedia")(function*(videoId, media) {
      yield* Effect.orDie(sql`update videos set ${sql.update(mediaColumns(media))} where video_id = ${videoId}`)
    }),
    markDeleted: Effect.fn("VideoRepository.markDeleted")(function*(videoId, at) {
      const rows = yield* Effect.orDie(sql`update videos set deleted_at = ${DateTime.toDateUtc(at)}
        where video_id = ${videoId} and deleted_at is null returning id`)
      return rows.length > 0
    }),
    listRecommended: Effect.fn("VideoRepository.listRecommended")(function*(moderation, query) {
      if (Duration.toMillis(pageTtl) === 0) return yield* feedPage(moderation, query)
      const before = Option.match(query.before, { onNone: () => "", onSome: String })
      return yield* feedPages.get(`${moderation}|${before}|${query.offset}|${query.limit}`)
    }),
    listByOwner: Effect.fn("VideoRepository.listByOwner")(function*(ownerId, query) {
      const filter = sql`videos.deleted_at is null and videos.owner_id = ${ownerId}`
      return yield* page(filter, query, count(filter))
    })
  })
})

/** Published videos in PostgreSQL (or PGlite); lists join users for the author's current nickname and avatar. */
export const layer = Layer.effect(VideoRepository, make({ feedTotalTtl: Duration.zero }))

/** As {@link layer}, reusing the feed's total for `feedTotalTtl` (for servers under load). */
export const layerWith = (options: VideoRepositoryOptions) => Layer.effect(VideoRepository, make(options))
