import { extensionOf } from "./formats.ts"
import type { ByteRange } from "./object_store.ts"

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  mp4: "video/mp4",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  flv: "video/x-flv",
  avi: "video/x-msvideo",
  wmv: "video/x-ms-wmv",
  "3gp": "video/3gpp",
  ts: "video/mp2t",
  mpg: "video/mpeg",
  mpeg: "video/mpeg",
  ogv: "video/ogg",
  m3u8: "application/vnd.apple.mpegurl",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  json: "application/json"
}

/** The media type of a key by its extension; `application/octet-stream` when unknown. */
export const contentTypeOf = (key: string): string => CONTENT_TYPES[extensionOf(key)] ?? "application/octet-stream"

/** What a `Range` header asks of an object: all of it, one slice, or a slice it does not have. */
export type RangeRequest =
  | { readonly _tag: "Whole" }
  | { readonly _tag: "Partial"; readonly range: ByteRange }
  | { readonly _tag: "Unsatisfiable" }

const whole: RangeRequest = { _tag: "Whole" }
const unsatisfiable: RangeRequest = { _tag: "Unsatisfiable" }
const partial = (start: number, end: number): RangeRequest => ({ _tag: "Partial", range: { start, end } })

/**
 * Reads a single-range `Range: bytes=a-b` (also `a-` and the suffix form `-n`) against an object of `size` bytes.
 * Several ranges, other units and malformed headers are ignored (the whole object is sent), as RFC 9110 allows.
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
