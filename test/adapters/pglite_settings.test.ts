import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import pg from "pg"
import { launch, PGLITE_SETTINGS } from "../../adapters/pglite/launcher.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

/** One pg client on the launched database for the length of the scope. */
const connected = (url: Redacted.Redacted<string>) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const client = new pg.Client({ connectionString: Redacted.value(url) })
      await client.connect()
      return client
    }),
    (client) => Effect.promise(() => client.end())
  )

const setting = (client: pg.Client, name: string) =>
  Effect.promise(() => client.query<{ setting: string }>(`select current_setting($1) as setting`, [name])).pipe(
    Effect.map((result) => result.rows[0]!.setting)
  )

/** Launches on dataDir and runs `use` with a client; the database is closed when it returns. */
const withDatabase = <A>(dataDir: string, use: (client: pg.Client) => Effect.Effect<A>) =>
  Effect.scoped(Effect.flatMap(launch({ dataDir }), (url) => Effect.flatMap(connected(url), use)))

describe("PGlite settings", () => {
  it.scopedLive("uses the small buffer pool on a new data directory and after a restart, with the data intact", () =>
    Effect.gen(function*() {
      const parent = yield* scopedTempDir("qu-pglite-settings-")
      const dataDir = join(parent, "data")
      expect(PGLITE_SETTINGS.shared_buffers).toBe("16MB")

      const first = yield* withDatabase(dataDir, (client) =>
        Effect.gen(function*() {
          yield* Effect.promise(() => client.query("create table kept (id int primary key, note text not null)"))
          yield* Effect.promise(() => client.query("insert into kept values (1, 'written before the restart')"))
          return {
            sharedBuffers: yield* setting(client, "shared_buffers"),
            walSegmentSize: yield* setting(client, "wal_segment_size")
          }
        }))
      expect(first).toEqual({ sharedBuffers: "16MB", walSegmentSize: "1MB" })
      // initdb recorded the setting too, so the directory says what it runs with.
      expect(yield* Effect.promise(() => readFile(join(dataDir, "postgresql.conf"), "utf8"))).toMatch(
        /^shared_buffers = 16MB/m
      )

      const second = yield* withDatabase(dataDir, (client) =>
        Effect.gen(function*() {
          const rows = yield* Effect.promise(() => client.query<{ id: number; note: string }>("select id, note from kept"))
          return { sharedBuffers: yield* setting(client, "shared_buffers"), rows: rows.rows }
        }))
      expect(second).toEqual({ sharedBuffers: "16MB", rows: [{ id: 1, note: "written before the restart" }] })
    }), 120_000)
})
