/**
 * The public feed on PostgreSQL at scale: seeds N videos (default 1,000,000) into DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/qu_bench, created if missing), then measures with wrk (-t1 -c32) page 1 of
 * getRecommendVideoList, a cursor page at depth 900k, and a bare node:http server answering page 1's bytes.
 * Run: `npm run bench:feed` (N=100000 for a quicker run).
 */
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Redacted } from "effect"
import { createServer } from "node:http"
import * as PgClient from "../adapters/postgres/client.ts"
import { initialMedia } from "../core/domain/video_state.ts"
import { postgresDatabase } from "../composition/databases.ts"
import { startTestServer } from "../composition/test_root.ts"
import { requireWrk, wrk } from "./wrk.ts"

const N = Number(process.env.N ?? 1_000_000)
const DEPTH = Number(process.env.DEPTH ?? Math.floor(N * 0.9))
const SECONDS = Number(process.env.SECONDS ?? 10)
const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/qu_bench")
requireWrk()

const sqlOn = (target: URL) => <A>(f: (sql: SqlClient.SqlClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, f).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(target.toString()), poolSize: 1 })),
    Effect.orDie
  ))

const admin = new URL(url)
admin.pathname = "/postgres"
const name = url.pathname.slice(1)
const exists = await sqlOn(admin)((sql) => sql`select 1 from pg_database where datname = ${name}`)
if (exists.length === 0) await sqlOn(admin)((sql) => sql.unsafe(`create database "${name.replaceAll("\"", "")}"`))

const server = await startTestServer({
  database: postgresDatabase({ url: Redacted.make(url.toString()), poolSize: 8, feedTotalTtl: Duration.seconds(1), feedPageTtl: Duration.seconds(1) })
})
const onDb = sqlOn(url)

const seeded = await onDb((sql) => sql<{ n: number }>`select count(*)::integer as n from videos`)
if (seeded[0]!.n < N) {
  const started = Date.now()
  const media = JSON.stringify({ ...initialMedia("hold"), censor: { value: "success", at: 1, key: "seed" } })
  await onDb((sql) => Effect.gen(function*() {
    const owner = yield* sql<{ id: string }>`insert into users (nickname, avatar_url, created_at)
      values ('bench', 'https://cdn.test/a.png', now()) returning user_id::text as id`
    const ownerId = owner[0]!.id
    for (let from = seeded[0]!.n + 1; from <= N; from += 100_000) {
      const to = Math.min(N, from + 99_999)
      yield* sql`insert into videos (video_id, owner_id, title, description, duration, cover_url, size, cate_id,
          cate_name, tags, media, censor_status, snapshot_status, transcode_status, narrow_transcode_status, file_url,
          snapshot_cover_url, first_frame_url, created_at)
        select md5('bench' || g), ${ownerId}, '视频 ' || g, '描述', 12, 'https://cdn.test/c.jpg', 1024, 1, '推荐', 'a,b',
          ${media}::jsonb, 'success', 'onSnapshot', 'onTranscode', '', '', '', '', now()
        from generate_series(${from}::integer, ${to}::integer) as g`
    }
    yield* sql`vacuum analyze videos`.pipe(Effect.ignore)
  }))
  console.log(`seeded ${N - seeded[0]!.n} videos in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
const cursorRow = await onDb((sql) => sql<{ id: number }>`select id from videos
  where deleted_at is null and censor_status = 'success' order by id desc offset ${DEPTH} limit 1`)
const cursor = cursorRow[0]?.id
const { token } = ((await (await fetch(`${server.url}/user/randomUser`)).json()) as { data: { token: string } }).data
const page1 = `${server.url}/vod/getRecommendVideoList?token=${token}&pageIndex=1&pageSize=20`
const deep = `${page1}&id=${cursor}`
const body = Buffer.from(await (await fetch(page1)).arrayBuffer())
const deepBody = (await (await fetch(deep)).json()) as { data: { videoList: Array<unknown> } }
if (deepBody.data.videoList.length !== 20) throw new Error("the deep page is not full")

const bare = createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length })
  res.end(body)
})
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve))
const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`

const results = {
  "getRecommendVideoList page 1": await wrk(page1, SECONDS),
  [`cursor page at depth ${DEPTH}`]: await wrk(deep, SECONDS),
  "bare node:http, same bytes": await wrk(bareUrl, SECONDS)
}
const bareRps = results["bare node:http, same bytes"].requestsPerSecond
console.log(`\n${N} videos, body ${body.length} bytes, wrk -t1 -c32 -d${SECONDS}s`)
console.log("| target | req/s | p50 | p99 | vs bare |\n|---|---|---|---|---|")
for (const [target, r] of Object.entries(results)) {
  console.log(`| ${target} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} ms | ${r.p99Ms.toFixed(2)} ms | ${(r.requestsPerSecond / bareRps).toFixed(3)} |`)
}
bare.close()
await server.close()
