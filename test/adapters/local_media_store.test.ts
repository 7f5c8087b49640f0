import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Option, type Scope, Stream } from "effect"
import { createHash } from "node:crypto"
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import * as DiskObjectStore from "../../adapters/local_media/disk_object_store.ts"
import * as MemoryObjectStore from "../../adapters/local_media/memory_object_store.ts"
import { type ObjectStore, ObjectStoreFailure, validateKey } from "../../adapters/local_media/object_store.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"))
const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex").toUpperCase()
const collect = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Effect.map(Stream.runCollect(stream), (chunks) => Buffer.concat(Chunk.toArray(chunks)).toString("utf8"))
const read = (store: ObjectStore, key: string, range?: { start: number; end: number }) =>
  Effect.flatMap(store.get(key, range), (found) =>
    Option.match(found, { onNone: () => Effect.succeed(undefined), onSome: (body) => collect(body.stream) }))

/** A fresh directory under the OS temp dir, removed at the end of the scope. */
const tempDir = scopedTempDir("qu-local-media-")

/** Every file name under `dir`, recursively, relative to it. */
const listFiles = (dir: string) =>
  Effect.promise(() => readdir(dir, { recursive: true, withFileTypes: true })).pipe(
    Effect.map((entries) => entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)))
  )

const BAD_KEYS = ["", "../x", "a/../b", "a/..", "/etc/passwd", "a//b", "a/", "a/.hidden", "./a", "a b", "a\\b", "ä.mp4"]

describe("validateKey()", () => {
  it("accepts relative keys of [A-Za-z0-9/_.-] and rejects traversal, absolute, hidden or empty segments", () => {
    for (const key of ["sv/0123/clip.mp4", "image/cover/x.png", "a", "a..b/c-d_e.F"]) {
      expect(Either.isRight(validateKey(key))).toBe(true)
    }
    for (const key of BAD_KEYS) expect(Either.isLeft(validateKey(key)), key).toBe(true)
  })
})

const storeContract = (name: string, makeStore: Effect.Effect<ObjectStore, never, Scope.Scope>) =>
  describe(name, () => {
    it.scoped("put() then get() and head() return the bytes, size and MD5; delete() removes the object", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const data = bytes("hello, local media")
        const written = yield* store.put("sv/abc/clip.mp4", data)
        expect(written).toEqual({ size: data.byteLength, md5: md5(data) })
        expect(yield* store.head("sv/abc/clip.mp4")).toEqual(Option.some({ size: data.byteLength, md5: Option.some(md5(data)) }))
        expect(yield* read(store, "sv/abc/clip.mp4")).toBe("hello, local media")
        yield* store.delete("sv/abc/clip.mp4")
        expect(yield* store.head("sv/abc/clip.mp4")).toEqual(Option.none())
        expect(yield* read(store, "sv/abc/clip.mp4")).toBeUndefined()
        yield* store.delete("sv/abc/clip.mp4")
      }))

    it.scoped("put() of a chunked stream stores the concatenation; get() with a range returns that slice", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* store.put("a/b.txt", Stream.make(bytes("0123"), bytes("4567"), bytes("89")))
        expect(yield* read(store, "a/b.txt")).toBe("0123456789")
        expect(yield* read(store, "a/b.txt", { start: 2, end: 5 })).toBe("2345")
        expect(yield* read(store, "a/b.txt", { start: 7, end: 99 })).toBe("789")
        const ranged = yield* store.get("a/b.txt", { start: 2, end: 5 })
        expect(Option.map(ranged, (b) => b.size)).toEqual(Option.some(10))
      }))

    it.scoped("put() past maxBytes fails with ObjectTooLarge and keeps the previous object", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* store.put("k.bin", bytes("old"))
        const error = yield* Effect.flip(store.put("k.bin", Stream.make(bytes("12345"), bytes("67890")), { maxBytes: 8 }))
        expect(error._tag).toBe("ObjectTooLarge")
        expect(yield* read(store, "k.bin")).toBe("old")
      }))

    it.scoped("a stream failing halfway stores nothing: the old object stays whole", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* store.put("k.bin", bytes("old"))
        const failing = Stream.concat(Stream.make(bytes("new bytes")), Stream.fail("client went away" as const))
        expect(yield* Effect.flip(store.put("k.bin", failing))).toBe("client went away")
        expect(yield* read(store, "k.bin")).toBe("old")
        expect(yield* Effect.flip(store.put("fresh.bin", failing))).toBe("client went away")
        expect(yield* store.head("fresh.bin")).toEqual(Option.none())
      }))

    it.scoped("every method rejects keys with '..', absolute paths and characters outside the set", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        for (const key of BAD_KEYS) {
          expect((yield* Effect.flip(store.put(key, bytes("x"))))._tag, key).toBe("InvalidObjectKey")
          expect((yield* Effect.flip(store.get(key)))._tag, key).toBe("InvalidObjectKey")
          expect((yield* Effect.flip(store.head(key)))._tag, key).toBe("InvalidObjectKey")
          expect((yield* Effect.flip(store.delete(key)))._tag, key).toBe("InvalidObjectKey")
        }
      }))
  })

storeContract("MemoryObjectStore", MemoryObjectStore.make)
storeContract("DiskObjectStore", Effect.map(tempDir, (dir) => DiskObjectStore.make(join(dir, "media"))))

describe("DiskObjectStore on a temp dir", () => {
  it.scoped("creates its directory on demand and writes <root>/<key> with no temp file left over", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const root = join(dir, "media")
      const store = DiskObjectStore.make(root)
      expect(store.location).toBe(root)
      yield* store.put("sv/0a/clip.mp4", Stream.make(bytes("abc"), bytes("def")))
      yield* Effect.flip(store.put("sv/0a/big.mp4", bytes("too large"), { maxBytes: 2 }))
      expect(yield* Effect.promise(() => readFile(join(root, "sv/0a/clip.mp4"), "utf8"))).toBe("abcdef")
      const files = yield* listFiles(root)
      expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([])
      expect(files.filter((f) => !f.split("/").pop()!.startsWith("."))).toEqual(["sv/0a/clip.mp4"])
    }))

  it.scoped("delete() removes the file, its digest and the directories it leaves empty", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const store = DiskObjectStore.make(dir)
      yield* store.put("sv/0b/clip.mp4", bytes("x"))
      yield* store.put("sv/keep.txt", bytes("y"))
      yield* store.delete("sv/0b/clip.mp4")
      expect((yield* Effect.promise(() => readdir(join(dir, "sv")))).sort()).toEqual([".keep.txt.md5", "keep.txt"])
    }))

  it.scoped("an I/O failure is an ObjectStoreFailure (a key under an existing file)", () =>
    Effect.gen(function*() {
      const store = DiskObjectStore.make(yield* tempDir)
      yield* store.put("a", bytes("file"))
      const error = yield* Effect.flip(store.put("a/b", bytes("x")))
      expect(error).toBeInstanceOf(ObjectStoreFailure)
    }))
})
