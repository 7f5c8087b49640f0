import { Data, Effect, Either, type Option, Stream } from "effect"
import { createHash } from "node:crypto"

/** A key the store refuses: empty, too long, absolute, with `..` or a hidden segment, or a character outside `[A-Za-z0-9/_.-]`. */
export class InvalidObjectKey extends Data.TaggedError("InvalidObjectKey")<{
  readonly key: string
  readonly reason: string
}> {}

/** The body grew past the size the caller allowed. */
export class ObjectTooLarge extends Data.TaggedError("ObjectTooLarge")<{ readonly maxBytes: number }> {}

/** The storage itself failed (disk full, permissions …); nothing the client can fix. */
export class ObjectStoreFailure extends Data.TaggedError("ObjectStoreFailure")<{
  readonly operation: string
  readonly key: string
  readonly cause: unknown
}> {}

/** What the store knows of an object; `md5` is uppercase hex, as OSS writes its ETag. */
export interface ObjectInfo {
  readonly size: number
  readonly md5: Option.Option<string>
}

/** What a successful put wrote. */
export interface PutResult {
  readonly size: number
  readonly md5: string
}

/** An inclusive byte range, `start <= end < size`. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

/** An object's metadata (`size` is the whole object's) and its bytes, or only those of the range asked for. */
export interface ObjectBody extends ObjectInfo {
  readonly stream: Stream.Stream<Uint8Array, ObjectStoreFailure>
}

/** Bytes to store: all at once or as a stream (an upload's request body). */
export type ObjectInput<E> = Uint8Array | Stream.Stream<Uint8Array, E>

/** Where the emulator keeps uploaded files; a put is atomic: readers see the old object or the whole new one. */
export interface ObjectStore {
  /** Where the objects live, for humans: a directory or "memory". */
  readonly location: string
  /** Stores `body` under `key`, failing with ObjectTooLarge past `maxBytes` (then nothing is stored). */
  readonly put: <E = never>(key: string, body: ObjectInput<E>, options?: { readonly maxBytes?: number }) => Effect.Effect<
    PutResult,
    E | InvalidObjectKey | ObjectTooLarge | ObjectStoreFailure
  >
  /** The object, or only `range` of its bytes (clamped to its size); None when absent. */
  readonly get: (key: string, range?: ByteRange) => Effect.Effect<
    Option.Option<ObjectBody>,
    InvalidObjectKey | ObjectStoreFailure
  >
  /** The object's size and digest; None when absent. */
  readonly head: (key: string) => Effect.Effect<Option.Option<ObjectInfo>, InvalidObjectKey | ObjectStoreFailure>
  /** Removes the object; absent objects are not an error. */
  readonly delete: (key: string) => Effect.Effect<void, InvalidObjectKey | ObjectStoreFailure>
}

const KEY_PATTERN = /^[A-Za-z0-9/_.-]+$/
const MAX_KEY_LENGTH = 1023

/** The key itself when it is safe as a relative path; stores call this before touching anything. */
export const validateKey = (key: string): Either.Either<string, InvalidObjectKey> => {
  const reject = (reason: string) => Either.left(new InvalidObjectKey({ key, reason }))
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return reject(`must have 1 to ${MAX_KEY_LENGTH} characters`)
  if (!KEY_PATTERN.test(key)) return reject("may contain only A-Z a-z 0-9 / _ . -")
  if (key.startsWith("/")) return reject("must be relative")
  // Segments starting with "." cover "." and "..", and leave hidden names free for the disk store's own files.
  if (key.split("/").some((segment) => segment === "" || segment.startsWith("."))) {
    return reject("must not contain empty, \".\", \"..\" or hidden segments")
  }
  return Either.right(key)
}

/** Clamps a range to an object of `size` bytes (`size` > 0). */
export const clampRange = (range: ByteRange, size: number): ByteRange => ({
  start: Math.min(range.start, size - 1),
  end: Math.min(range.end, size - 1)
})

/**
 * Feeds `body` chunk by chunk to `write` while counting and hashing it; fails with ObjectTooLarge as soon as the count
 * passes `maxBytes`, so an oversized upload is cut off rather than buffered.
 */
export const consumeDigesting = <E, E2>(
  body: ObjectInput<E>,
  maxBytes: number,
  write: (chunk: Uint8Array) => Effect.Effect<void, E2>
): Effect.Effect<PutResult, E | E2 | ObjectTooLarge> =>
  Effect.suspend(() => {
    const hash = createHash("md5")
    let size = 0
    const stream: Stream.Stream<Uint8Array, E> = body instanceof Uint8Array ? Stream.make(body) : body
    return Stream.runForEach(stream, (chunk): Effect.Effect<void, E2 | ObjectTooLarge> => {
      size += chunk.byteLength
      if (size > maxBytes) return Effect.fail(new ObjectTooLarge({ maxBytes }))
      hash.update(chunk)
      return write(chunk)
    }).pipe(Effect.map(() => ({ size, md5: hash.digest("hex").toUpperCase() })))
  })
