import { extensionOf } from "./formats.ts"

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
