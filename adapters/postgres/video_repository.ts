import { SqlClient, type Statement } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { alreadyPublished } from "../../core/domain/conflicts.ts"
import type { MediaState, ModerationMode } from "../../core/domain/video.ts"
import { type Page, type PageQuery, VideoRepository } from "../../core/ports/video_repository.ts"
import { makeBatcher } from "./_batcher.ts"
import { feedStatement, NO_CURSOR } from "./_feed_statement.ts"
import { videoAdmin } from "./_video_admin.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { derivedColumns, type PageRow, pageOf, toVideo, VideoRow } from "./video_rows.ts"

const decodeVideos = Schema.decodeUnknown(Schema.Array(VideoRow))

/** The media state and the columns derived from it, as written. JSON goes in as text (see video_rows.ts). */
const mediaColumns = (media: MediaState) => ({ media: JSON.stringify(media), ...derivedColumns(media) })

/**
 * The cursor as an integer bound with the same meaning for whole ids (`id < 10.5` is `id < 11`), kept within
 * bigint range so any number the caller passes compares instead of failing the statement; NaN matches nothing.
 */
const cursor = (before: number) =>
  Number.isNaN(before) ? -(2 ** 53) : Math.min(Math.max(Math.ceil(before), -(2 ** 53)), 2 ** 53)

// The largest page the core asks for (core/domain/video_rules.ts); larger ones are read on their own.
const MAX_PAGE_SIZE = 50

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const changesVideos = touching(yield* Versions, "videos")
  // Qualified, so the same list serves plain selects, RETURNING and the join with users; pageOf reads them by position.
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
  const feedFilter = (moderation: ModerationMode) =>
    moderation === "hold"
      ? sql`videos.deleted_at is null and videos.censor_status = 'success'`
      : sql`videos.deleted_at is null and videos.censor_status <> 'fail'`
  // The total comes from the counters migration 0005 keeps in each write's transaction, in the page's own statement
  // (one round trip, one snapshot): a lateral join gives one row with null video columns when the page is empty.
  const page = (total: Statement.Fragment, filter: Statement.Fragment, query: PageQuery) => {
    const before = Option.match(query.before, { onNone: () => [], onSome: (b) => [sql`videos.id < ${cursor(b)}::bigint`] })
    return sql`select counted.total, listed.* from (select coalesce((${total}), 0)::integer as total) counted
      left join lateral (select ${columns}, users.nickname, users.avatar_url
        from videos join users on users.user_id = videos.owner_id
        where ${sql.and([filter, ...before])}
        order by videos.id desc limit ${query.limit} offset ${query.offset}) listed on true
      order by listed.id desc`.values.pipe(
      Effect.map((rows) => pageOf(rows)),
      Effect.orDie
    )
  }
  const feedTotal = (moderation: ModerationMode) =>
    sql`select total from list_counts where scope = ${moderation === "hold" ? "feed:hold" : "feed:off"}`
  // The feed's keyset pages (page 1 and every cursor page without offset) of one size, read together: under load,
  // one statement answers every page asked for meanwhile (_batcher.ts), a lateral join per cursor.
  const feedPages = (moderation: ModerationMode, limit: number) =>
    makeBatcher((cursors: ReadonlyArray<number>) =>
      feedStatement(sql, {
        columns,
        filter: feedFilter(moderation),
        total: feedTotal(moderation),
        asked: sql`unnest(string_to_array(${cursors.join(",")}, ',')::bigint[]) with ordinality as asked (cursor, k)`,
        limit,
        offset: 0
      }).values.pipe(
        Effect.map((rows) => {
          const pages = cursors.map((): Array<PageRow> => [])
          for (const row of rows) pages[Number(row[0]) - 1]!.push(row)
          return pages.map((page) => pageOf(page, 1))
        }),
        Effect.orDie
      ), { maxInFlight: 1, maxBatch: 64 })
  const batchers = new Map<string, (cursor: number) => Effect.Effect<Page>>()
  for (const moderation of ["hold", "off"] as const) {
    for (let limit = 1; limit <= MAX_PAGE_SIZE; limit++) batchers.set(`${moderation}|${limit}`, yield* feedPages(moderation, limit))
  }
  const feedPage = (moderation: ModerationMode, query: PageQuery) => {
    const batcher = query.offset === 0 ? batchers.get(`${moderation}|${query.limit}`) : undefined
    const at = Option.match(query.before, { onNone: () => NO_CURSOR, onSome: cursor })
    if (batcher !== undefined) return batcher(at)
    // Pages with an offset (pageIndex paging) or larger than any batcher: the same statement for one cursor.
    return feedStatement(sql, {
      columns,
      filter: feedFilter(moderation),
      total: feedTotal(moderation),
      asked: sql`(select ${at}::bigint as cursor, 1 as k) asked`,
      limit: query.limit,
      offset: query.offset
    }).values.pipe(Effect.map((rows) => pageOf(rows, 1)), Effect.orDie)
  }

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
      } on conflict (video_id) do nothing returning ${columns}`.pipe(Effect.flatMap(decodeVideos), Effect.orDie, changesVideos)
      const [row] = rows
      if (row === undefined) {
        return yield* alreadyPublished
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
      yield* sql`update videos set ${sql.update(mediaColumns(media))} where video_id = ${videoId}`.pipe(
        Effect.orDie,
        changesVideos
      )
    }),
    markDeleted: Effect.fn("VideoRepository.markDeleted")(function*(videoId, at) {
      const rows = yield* Effect.orDie(sql`update videos set deleted_at = ${DateTime.toDateUtc(at)}
        where video_id = ${videoId} and deleted_at is null returning id`).pipe(changesVideos)
      return rows.length > 0
    }),
    listRecommended: feedPage,
    listByOwner: (ownerId, query) =>
      page(
        sql`select total from owner_video_counts where owner_id = ${ownerId}`,
        sql`videos.deleted_at is null and videos.owner_id = ${ownerId}`,
        query
      ),
    ...videoAdmin(sql, columns, changesVideos)
  })
})

/** Published videos in PostgreSQL (or PGlite); lists join users for the author's current nickname and avatar. */
export const layer = Layer.effect(VideoRepository, make)
