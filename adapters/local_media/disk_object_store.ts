import * as NodeStream from "@effect/platform-node/NodeStream"
import { Effect, Either, Exit, Option } from "effect"
import { randomBytes } from "node:crypto"
import { createReadStream } from "node:fs"
import { type FileHandle, mkdir, open, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises"
import { basename, dirname, join, resolve, sep } from "node:path"
import {
  clampRange,
  consumeDigesting,
  type ObjectInfo,
  type ObjectStore,
  ObjectStoreFailure,
  validateKey
} from "./object_store.ts"

interface Paths {
  readonly file: string
  readonly dir: string
  /** Hidden sidecar holding the MD5, so a GET can send the ETag without reading the whole file. */
  readonly digest: string
}

const isMissing = (cause: unknown) =>
  typeof cause === "object" && cause !== null && "code" in cause && (cause.code === "ENOENT" || cause.code === "ENOTDIR")

const writeAll = async (handle: FileHandle, chunk: Uint8Array) => {
  for (let offset = 0; offset < chunk.byteLength;) offset += (await handle.write(chunk, offset)).bytesWritten
}

/**
 * An ObjectStore on disk: the object of key `k` is the file `<root>/k`, created with its directories on demand.
 * A put writes a hidden temporary file in the same directory and renames it over the target when complete.
 */
export const make = (root: string): ObjectStore => {
  const base = resolve(root)
  const attempt = <A>(operation: string, key: string, run: () => Promise<A>) =>
    Effect.tryPromise({ try: run, catch: (cause) => new ObjectStoreFailure({ operation, key, cause }) })
  const optional = <A>(operation: string, key: string, run: () => Promise<A>) =>
    attempt(operation, key, () =>
      run().then(Option.some, (cause: unknown) => {
        if (isMissing(cause)) return Option.none<A>()
        throw cause
      }))
  const paths = (key: string) =>
    Either.map(validateKey(key), (valid): Paths => {
      const file = join(base, valid)
      return { file, dir: dirname(file), digest: join(dirname(file), `.${basename(file)}.md5`) }
    })
  const info = (key: string, p: Paths) =>
    Effect.gen(function*() {
      const stats = yield* optional("head", key, () => stat(p.file))
      if (Option.isNone(stats) || !stats.value.isFile()) return Option.none<ObjectInfo>()
      const md5 = yield* optional("head", key, () => readFile(p.digest, "utf8"))
      return Option.some<ObjectInfo>({ size: stats.value.size, md5: Option.map(md5, (text) => text.trim()) })
    })
  // Removes the directories a delete left empty (sv/<videoId>/), up to but excluding the root.
  const pruneEmpty = async (from: string) => {
    for (let dir = from; dir.startsWith(base + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir)
      } catch {
        return
      }
    }
  }

  return {
    location: base,
    put: (key, body, options) =>
      Effect.gen(function*() {
        const p = yield* paths(key)
        yield* attempt("put", key, () => mkdir(p.dir, { recursive: true }))
        const temp = join(p.dir, `.${basename(p.file)}.${randomBytes(8).toString("hex")}.tmp`)
        return yield* Effect.gen(function*() {
          const written = yield* Effect.acquireUseRelease(
            attempt("put", key, () => open(temp, "wx")),
            (handle) =>
              consumeDigesting(body, options?.maxBytes ?? Number.POSITIVE_INFINITY, (chunk) =>
                attempt("put", key, () => writeAll(handle, chunk))),
            (handle) => Effect.ignore(attempt("put", key, () => handle.close()))
          )
          yield* attempt("put", key, () => writeFile(p.digest, written.md5))
          yield* attempt("put", key, () => rename(temp, p.file))
          return written
        }).pipe(Effect.onExit((exit) =>
          Exit.isSuccess(exit) ? Effect.void : Effect.ignore(attempt("put", key, () => rm(temp, { force: true })))
        ))
      }),
    get: (key, range) =>
      Effect.gen(function*() {
        const p = yield* paths(key)
        const found = yield* info(key, p)
        return Option.map(found, (object) => ({
          ...object,
          stream: NodeStream.fromReadable<ObjectStoreFailure, Uint8Array>(
            () => createReadStream(p.file, range === undefined || object.size === 0 ? {} : clampRange(range, object.size)),
            (cause) => new ObjectStoreFailure({ operation: "get", key, cause })
          )
        }))
      }),
    head: (key) => Effect.flatMap(paths(key), (p) => info(key, p)),
    delete: (key) =>
      Effect.gen(function*() {
        const p = yield* paths(key)
        yield* attempt("delete", key, () => rm(p.digest, { force: true }))
        yield* attempt("delete", key, () => rm(p.file, { force: true }))
        yield* Effect.promise(() => pruneEmpty(p.dir))
      })
  }
}
