import { Migrator, SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { launch } from "../../adapters/pglite/launcher.ts"
import * as PgClient from "../../adapters/postgres/client.ts"
import users from "../../adapters/postgres/migrations/0001_users_and_sessions.ts"
import uploads from "../../adapters/postgres/migrations/0002_uploads.ts"
import catalogue from "../../adapters/postgres/migrations/0003_catalogue.ts"
import videos from "../../adapters/postgres/migrations/0004_videos.ts"
import { runMigrations } from "../../adapters/postgres/migrator.ts"

const database = Layer.unwrapScoped(Effect.map(launch({}), (url) => PgClient.layer({ url, poolSize: 2 })))

it.effect("migration 0005 counts the videos a database already holds, then its triggers keep the counts", () =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    // A database as the previous release left it: migrations 0001-0004 and some videos.
    yield* Migrator.make({})({
      loader: Migrator.fromRecord({
        "0001_users_and_sessions": users,
        "0002_uploads": uploads,
        "0003_catalogue": catalogue,
        "0004_videos": videos
      })
    })
    const owners = yield* sql<{ id: string }>`insert into users (nickname, avatar_url, created_at)
      values ('a', '', now()), ('b', '', now()) returning user_id::text as id`
    const [a, b] = owners.map((o) => o.id)
    const insert = (owner: string, censor: string, deleted: boolean, n: number) =>
      sql`insert into videos (video_id, owner_id, title, description, duration, cover_url, size, cate_id, cate_name,
          tags, media, censor_status, snapshot_status, transcode_status, narrow_transcode_status, file_url,
          snapshot_cover_url, first_frame_url, created_at, deleted_at)
        select md5(${owner} || ${censor} || ${String(deleted)} || g), ${owner}, 't', '', 1, '', 1, 0, '', '', '{}'::jsonb,
          ${censor}, '', '', '', '', '', '', now(), ${deleted ? new Date() : null}
        from generate_series(1, ${n}) as g`
    yield* insert(a!, "success", false, 5)
    yield* insert(a!, "onCensor", false, 3)
    yield* insert(b!, "fail", false, 2)
    yield* insert(b!, "success", true, 4)
    yield* runMigrations
    const counts = sql<{ scope: string; total: string }>`select scope, total::text from list_counts
      union all select owner_id::text, total::text from owner_video_counts order by 1`
    expect(yield* counts).toEqual([
      { scope: a!, total: "8" },
      { scope: b!, total: "2" },
      { scope: "feed:hold", total: "5" },
      { scope: "feed:off", total: "8" }
    ].sort((x, y) => (x.scope < y.scope ? -1 : 1)))
    // From here the triggers count: a bulk update of many rows is one statement, counted once.
    yield* sql`update videos set deleted_at = now() where owner_id = ${a} and censor_status = 'success'`
    yield* sql`update videos set censor_status = 'success' where owner_id = ${b} and censor_status = 'fail'`
    expect(yield* counts).toEqual([
      { scope: a!, total: "3" },
      { scope: b!, total: "2" },
      { scope: "feed:hold", total: "2" },
      { scope: "feed:off", total: "5" }
    ].sort((x, y) => (x.scope < y.scope ? -1 : 1)))
  }).pipe(Effect.provide(database)), 60_000)
