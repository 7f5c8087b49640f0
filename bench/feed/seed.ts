/** Seeding for bench/video_feed.ts, by SQL (generate_series) and idempotent: a re-run inserts only what is missing. */
import { SqlClient } from "@effect/sql"
import { Effect, Redacted } from "effect"
import * as PgClient from "../../adapters/postgres/client.ts"
import { initialMedia } from "../../core/domain/video_state.ts"

/** Runs one SQL effect on its own one-connection pool, closed afterwards. */
export const sqlOn = (url: string) => <A>(f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, f).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(url), poolSize: 1 })),
    Effect.orDie
  ))

/** Creates the database named by `url` (through the `postgres` database of the same server) when it is missing. */
export const createDatabaseIfMissing = async (url: string) => {
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const name = decodeURIComponent(new URL(url).pathname.slice(1))
  const onAdmin = sqlOn(admin.toString())
  const exists = await onAdmin((sql) => sql`select 1 from pg_database where datname = ${name}`)
  if (exists.length === 0) await onAdmin((sql) => sql.unsafe(`create database "${name.replaceAll("\"", "")}"`))
}

// Published, audited and visible in the feed under moderation "hold".
const media = JSON.stringify({ ...initialMedia("hold"), censor: { value: "success", at: 1, key: "seed" } })

// Rows per statement; migration 0005's statement triggers update each counter once per statement.
const BATCH = 100_000

/** Videos `from..to` (inclusive) of `ownerId`, video_id md5(prefix || n), one short transaction per {@link BATCH}. */
const insertVideos = (sql: SqlClient.SqlClient, ownerId: string, prefix: string, from: number, to: number) =>
  Effect.gen(function*() {
    for (let start = from; start <= to; start += BATCH) {
      const end = Math.min(to, start + BATCH - 1)
      yield* sql`insert into videos (video_id, owner_id, title, description, duration, cover_url, size, cate_id,
          cate_name, tags, media, censor_status, snapshot_status, transcode_status, narrow_transcode_status, file_url,
          snapshot_cover_url, first_frame_url, created_at)
        select md5(${prefix} || g), ${ownerId}, '视频 ' || g, '描述', 12, 'https://cdn.test/c.jpg', 1024, 1, '推荐', 'a,b',
          ${media}::jsonb, 'success', 'onSnapshot', 'onTranscode', '', '', '', '', now()
        from generate_series(${start}::integer, ${end}::integer) as g`
      if (end < to && Math.floor(end / 100_000) > Math.floor((start - 1) / 100_000)) console.log(`seeding: ${end} of ${to}`)
    }
  })

/**
 * Tops the public feed up to `n` videos owned by a "bench" user (everyone's videos but `exceptOwner`'s count), then
 * gives `owner` exactly `own` videos (not deleted), also visible in the feed. Answers how many rows it inserted.
 */
export const seedVideos = (url: string, n: number, owner: string, own: number) =>
  sqlOn(url)((sql) => Effect.gen(function*() {
    const [feed] = yield* sql<{ n: number }>`select count(*)::integer as n from videos where owner_id <> ${owner}`
    const [mine] = yield* sql<{ n: number }>`select count(*)::integer as n from videos
      where owner_id = ${owner} and deleted_at is null`
    const feedMissing = Math.max(0, n - feed!.n)
    const ownMissing = Math.max(0, own - mine!.n)
    if (feedMissing > 0) {
      const found = yield* sql<{ id: string }>`select owner_id::text as id from videos where video_id = md5('bench1')`
      const feedOwner = found[0]?.id ?? (yield* sql<{ id: string }>`insert into users (nickname, avatar_url, created_at)
        values ('bench', 'https://cdn.test/a.png', now()) returning user_id::text as id`)[0]!.id
      yield* insertVideos(sql, feedOwner, "bench", feed!.n + 1, n)
    }
    if (ownMissing > 0) yield* insertVideos(sql, owner, `bench-own-${owner}-`, mine!.n + 1, own)
    if (feedMissing + ownMissing > 0) yield* sql`vacuum analyze videos`.pipe(Effect.ignore)
    return feedMissing + ownMissing
  }))

/** The id `depth` rows down the public feed (moderation "hold"), and the highest video id. */
export const feedShape = (url: string, depth: number) =>
  sqlOn(url)((sql) => Effect.gen(function*() {
    const at = yield* sql<{ id: number }>`select id from videos
      where deleted_at is null and censor_status = 'success' order by id desc offset ${depth} limit 1`
    const [top] = yield* sql<{ id: number | null }>`select max(id) as id from videos`
    if (at[0] === undefined || top?.id == null) throw new Error(`the feed has fewer than ${depth + 1} videos: lower DEPTH`)
    return { cursor: at[0].id, maxId: top.id }
  }))
