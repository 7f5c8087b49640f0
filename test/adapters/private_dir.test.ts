import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { chmod, lstat, mkdir, symlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { makePrivate } from "../../adapters/data_dir/private_dir.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

const mode = async (path: string) => (await lstat(path)).mode & 0o777

describe("makePrivate()", () => {
  it.scopedLive("makes directories 0700 and files 0600, counts what it changed, and leaves links alone", () =>
    Effect.gen(function*() {
      const root = yield* scopedTempDir("qu-private-")
      const outside = join(root, "outside.txt")
      const data = join(root, "data")
      yield* Effect.promise(async () => {
        await mkdir(join(data, "pglite", "base"), { recursive: true })
        await writeFile(join(data, "pglite", "base", "1259"), "x")
        await writeFile(join(data, "pglite", "PG_VERSION"), "17")
        await writeFile(outside, "not ours")
        await chmod(outside, 0o644)
        await symlink(outside, join(data, "link"))
        await chmod(join(data, "pglite", "base", "1259"), 0o666)
        await chmod(join(data, "pglite", "PG_VERSION"), 0o600)
        await chmod(join(data, "pglite", "base"), 0o777)
        await chmod(join(data, "pglite"), 0o755)
        await chmod(data, 0o755)
      })
      expect(yield* makePrivate(data)).toBe(4)
      expect(yield* Effect.promise(() => mode(data))).toBe(0o700)
      expect(yield* Effect.promise(() => mode(join(data, "pglite", "base")))).toBe(0o700)
      expect(yield* Effect.promise(() => mode(join(data, "pglite", "base", "1259")))).toBe(0o600)
      expect(yield* Effect.promise(() => mode(outside))).toBe(0o644)
      expect(yield* makePrivate(data)).toBe(0)
      expect(yield* makePrivate(join(root, "missing"))).toBe(0)
    }))
})
