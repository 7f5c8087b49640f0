import { Effect, HashMap, Option, Ref, Stream } from "effect"
import { clampRange, consumeDigesting, type ObjectStore, validateKey } from "./object_store.ts"

interface StoredBytes {
  readonly bytes: Uint8Array
  readonly md5: string
}

/** An empty ObjectStore in memory, for tests. */
export const make: Effect.Effect<ObjectStore> = Effect.map(
  Ref.make(HashMap.empty<string, StoredBytes>()),
  (objects): ObjectStore => {
    const find = (key: string) => Effect.flatMap(validateKey(key), () => Effect.map(Ref.get(objects), HashMap.get(key)))
    return {
      location: "memory",
      put: (key, body, options) =>
        Effect.gen(function*() {
          yield* validateKey(key)
          const chunks: Array<Uint8Array> = []
          const written = yield* consumeDigesting(
            body,
            options?.maxBytes ?? Number.POSITIVE_INFINITY,
            (chunk) => Effect.sync(() => chunks.push(chunk))
          )
          const stored: StoredBytes = { bytes: Buffer.concat(chunks), md5: written.md5 }
          yield* Ref.update(objects, HashMap.set(key, stored))
          return written
        }),
      get: (key, range) =>
        Effect.map(find(key), Option.map(({ bytes, md5 }) => {
          const slice = range === undefined || bytes.byteLength === 0 ? { start: 0, end: bytes.byteLength - 1 } :
            clampRange(range, bytes.byteLength)
          return {
            size: bytes.byteLength,
            md5: Option.some(md5),
            stream: Stream.make(bytes.subarray(slice.start, slice.end + 1))
          }
        })),
      head: (key) => Effect.map(find(key), Option.map(({ bytes, md5 }) => ({ size: bytes.byteLength, md5: Option.some(md5) }))),
      delete: (key) => Effect.flatMap(validateKey(key), () => Ref.update(objects, HashMap.remove(key)))
    }
  }
)
