import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { access, readdir, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import pg from "pg"
import { launch, type LaunchOptions } from "../../adapters/pglite/launcher.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

/** Launches with `options`, runs `sql` on one client and yields its rows; the database is closed when it returns. */
const query = (options: LaunchOptions, sql: string) =>
  Effect.scoped(Effect.flatMap(launch(options), (url) =>
    Effect.promise(async () => {
      const client = new pg.Client({ connectionString: Redacted.value(url) })
      await client.connect()
      try {
        return (await client.query(sql)).rows
      } finally {
        await client.end()
      }
    })))

const tempDir = scopedTempDir("qu-pglite-template-")

const exists = (path: string) => Effect.promise(() => access(path).then(() => true, () => false))

describe("PGlite data directory template", () => {
  it.scopedLive("is made once, and new data directories are independent copies of it that keep their writes", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const cache = join(dir, "cache")
      const first = join(dir, "first")
      const second = join(dir, "second")

      yield* query({ dataDir: first, templateCache: cache }, "create table kept (note text)")
      const templates = yield* Effect.promise(() => readdir(cache))
      expect(templates).toHaveLength(1)
      expect(yield* exists(join(cache, templates[0]!, "PG_VERSION"))).toBe(true)

      yield* query({ dataDir: first, templateCache: cache }, "insert into kept values ('first')")
      expect(yield* query({ dataDir: first, templateCache: cache }, "select note from kept")).toEqual([{ note: "first" }])
      // The second directory is a copy of the template, not of the first directory.
      expect(yield* query({ dataDir: second, templateCache: cache }, "select to_regclass('kept') as kept")).toEqual([
        { kept: null }
      ])
      expect(yield* Effect.promise(() => readdir(cache))).toEqual(templates)
      // Copies keep the template's modes: nothing in a new data directory is open to others (docs/security.md).
      for (const file of ["PG_VERSION", "postgresql.conf", "global/pg_control"]) {
        expect((yield* Effect.promise(() => stat(join(second, file)))).mode & 0o077).toBe(0)
      }
    }), 120_000)

  it.scopedLive("falls back to initdb in the data directory when no template can be made", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      // A cache directory under a regular file cannot be created.
      yield* Effect.promise(() => writeFile(join(dir, "file"), ""))
      const rows = yield* query({ dataDir: join(dir, "data"), templateCache: join(dir, "file", "cache") }, "select 1 as one")
      expect(rows).toEqual([{ one: 1 }])
      expect(yield* exists(join(dir, "data", "PG_VERSION"))).toBe(true)
    }), 120_000)
})
