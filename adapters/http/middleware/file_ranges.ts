/**
 * Byte ranges and conditional requests (RFC 9110 §13–14) for the routes that serve whole files: the assets and the
 * local media emulator's objects. Pure: the routes stat their file, ask {@link decideAnswer} what to send and build
 * the headers with {@link answerHeaders}.
 */

/** An inclusive byte range, `start <= end < size`. */
export interface ByteRange {
  readonly start: number
  readonly end: number
}

/** What a `Range` header asks of a file: all of it, one slice, or a slice it does not have. */
export type RangeRequest =
  | { readonly _tag: "Whole" }
  | { readonly _tag: "Partial"; readonly range: ByteRange }
  | { readonly _tag: "Unsatisfiable" }

const whole = { _tag: "Whole" } as const
const unsatisfiable = { _tag: "Unsatisfiable" } as const
const partial = (start: number, end: number) => ({ _tag: "Partial", range: { start, end } }) as const

/**
 * Reads a single-range `Range: bytes=a-b` (also `a-` and the suffix form `-n`) against a file of `size` bytes; `b`
 * past the end is clamped to it. Several ranges (`bytes=0-1,5-6`) are answered with the whole file, which RFC 9110
 * §14.2 allows and saves building multipart/byteranges bodies; other units and malformed headers are ignored too.
 */
export const parseRange = (header: string | undefined, size: number): RangeRequest => {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (match === null) return whole
  const first = match[1] ?? ""
  const last = match[2] ?? ""
  if (first === "") {
    if (last === "") return whole
    const length = Number(last)
    return length === 0 || size === 0 ? unsatisfiable : partial(Math.max(0, size - length), size - 1)
  }
  const start = Number(first)
  if (last !== "" && Number(last) < start) return whole
  if (start >= size) return unsatisfiable
  return partial(start, last === "" ? size - 1 : Math.min(Number(last), size - 1))
}

/** A strong entity tag of a file from its size and modification time, as the platform's file responses write it. */
export const fileEtag = (size: number, mtimeMs: number): string =>
  `"${size.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`

interface EntityTag {
  readonly weak: boolean
  readonly opaque: string
}

const ENTITY_TAG = /^(W\/)?("[^"]*")$/

const parseTag = (text: string): EntityTag | undefined => {
  const match = ENTITY_TAG.exec(text.trim())
  return match === null ? undefined : { weak: match[1] !== undefined, opaque: match[2]! }
}

// The entity tags of an If-None-Match / If-Match list; items that are no entity tag are skipped.
const tagList = (header: string): ReadonlyArray<EntityTag> => {
  const tags: Array<EntityTag> = []
  // An opaque tag may itself hold commas, so the list is scanned for quoted strings rather than split.
  for (const match of header.matchAll(/(W\/)?"[^"]*"/g)) {
    const tag = parseTag(match[0])
    if (tag !== undefined) tags.push(tag)
  }
  return tags
}

/**
 * Whether an `If-None-Match` header matches the current representation (so GET and HEAD answer 304): `*` matches any,
 * a list matches when one of its tags equals `etag` by the weak comparison (`W/` ignored). No header matches nothing.
 */
export const noneMatchHits = (header: string | undefined, etag: string | undefined): boolean => {
  if (header === undefined) return false
  if (header.trim() === "*") return true
  if (etag === undefined) return false
  const current = parseTag(etag)
  return current !== undefined && tagList(header).some((tag) => tag.opaque === current.opaque)
}

/**
 * Whether an `If-Range` header lets a `Range` apply: none does; an entity tag must equal `etag` by the strong
 * comparison (neither weak). A date, or anything else, does not: the whole file is sent, which is always correct.
 */
export const ifRangeHolds = (header: string | undefined, etag: string | undefined): boolean => {
  if (header === undefined) return true
  if (etag === undefined) return false
  const asked = parseTag(header)
  const current = parseTag(etag)
  return asked !== undefined && current !== undefined && !asked.weak && !current.weak && asked.opaque === current.opaque
}

// HTTP dates have whole seconds: a file is unmodified since a date when its mtime, so truncated, is not later.
const unmodifiedSince = (header: string | undefined, lastModified: Date | undefined): boolean => {
  if (header === undefined || lastModified === undefined) return false
  const since = Date.parse(header)
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since
}

/** What is known of the file a GET or HEAD asks for. */
export interface Representation {
  readonly size: number
  /** Its strong entity tag (quoted), when the route knows one. */
  readonly etag: string | undefined
  readonly lastModified?: Date | undefined
}

/**
 * The request headers (lowercase names, as node gives them); the answer reads `if-none-match`, `if-modified-since`,
 * `range` and `if-range`.
 */
export type RequestHeaders = { readonly [name: string]: string | undefined }

/** What to answer a GET or HEAD of an existing file. */
export type FileAnswer = RangeRequest | { readonly _tag: "NotModified" }

/**
 * The answer to a GET or HEAD of an existing file, in RFC 9110 §13.2.2 order: `If-None-Match` (or, without it,
 * `If-Modified-Since`) → 304; then `Range`, honoured only when `If-Range` holds: 206 for one satisfiable range, 416
 * for an unsatisfiable one, the whole file (200) otherwise.
 */
export const decideAnswer = (headers: RequestHeaders, file: Representation): FileAnswer => {
  const inm = headers["if-none-match"]
  const notModified = inm !== undefined
    ? noneMatchHits(inm, file.etag)
    : unmodifiedSince(headers["if-modified-since"], file.lastModified)
  if (notModified) return { _tag: "NotModified" }
  if (headers.range === undefined || !ifRangeHolds(headers["if-range"], file.etag)) return whole
  return parseRange(headers.range, file.size)
}

/** The status of an answer. */
export const answerStatus = (answer: FileAnswer): number => {
  switch (answer._tag) {
    case "Whole":
      return 200
    case "Partial":
      return 206
    case "NotModified":
      return 304
    case "Unsatisfiable":
      return 416
  }
}

/**
 * The headers of an answer (without a body's own for 416): `Accept-Ranges`, `ETag` and `Last-Modified` when known,
 * `Content-Type` and `Content-Length` (of the range for 206) on 200 and 206, `Content-Range` on 206 and 416; a 304
 * carries only the validators and `extra` (e.g. Cache-Control), as RFC 9110 §15.4.5 asks. `extra` goes on every one.
 */
export const answerHeaders = (
  answer: FileAnswer,
  file: Representation & { readonly contentType: string },
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> => {
  const validators: Record<string, string> = {
    ...(file.etag === undefined ? {} : { etag: file.etag }),
    ...(file.lastModified === undefined ? {} : { "last-modified": file.lastModified.toUTCString() })
  }
  switch (answer._tag) {
    case "NotModified":
      return { ...extra, ...validators }
    case "Unsatisfiable":
      return { ...extra, "accept-ranges": "bytes", "content-range": `bytes */${file.size}` }
    case "Whole":
      return {
        ...extra,
        ...validators,
        "accept-ranges": "bytes",
        "content-type": file.contentType,
        "content-length": String(file.size)
      }
    case "Partial": {
      const { end, start } = answer.range
      return {
        ...extra,
        ...validators,
        "accept-ranges": "bytes",
        "content-type": file.contentType,
        "content-length": String(end - start + 1),
        "content-range": `bytes ${start}-${end}/${file.size}`
      }
    }
  }
}
