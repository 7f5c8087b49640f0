import { HttpApiBuilder, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { createReadStream } from "node:fs"
import { stat } from "node:fs/promises"
import { AssetAccess } from "./asset_access.ts"
import { AssetFiles } from "./asset_files.ts"
import { answerHeaders, answerStatus, decideAnswer, fileEtag } from "../middleware/file_ranges.ts"

/** The path prefix asset files are served under (catalogue pictures and downloads, avatars). */
export const ASSET_PATH_PREFIX = "/assets/"

const notFound = HttpServerResponse.text("Not found\n", { status: 404 })
// What an Alibaba Cloud CDN edge answers a URL whose signature is missing, wrong or expired: a bare 403.
const forbidden = HttpServerResponse.text("Forbidden\n", { status: 403 })

const CACHE_CONTROL = { "cache-control": "public, max-age=300" } as const

// The media types of the files a catalogue ships (as the `mime` package names them); others are octet streams.
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  ico: "image/vnd.microsoft.icon",
  avif: "image/avif",
  heic: "image/heic",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/x-aac",
  wav: "audio/wav",
  flac: "audio/x-flac",
  ogg: "audio/ogg",
  mp4: "video/mp4",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  webm: "video/webm",
  ts: "video/mp2t",
  m3u8: "application/vnd.apple.mpegurl",
  zip: "application/zip",
  gz: "application/gzip",
  "7z": "application/x-7z-compressed",
  pdf: "application/pdf",
  json: "application/json",
  xml: "application/xml",
  txt: "text/plain",
  csv: "text/csv",
  md: "text/markdown",
  html: "text/html",
  css: "text/css",
  js: "application/javascript",
  ttf: "font/ttf",
  woff: "font/woff",
  woff2: "font/woff2"
}

/** The media type of an asset file by its extension; `application/octet-stream` when unknown. */
export const assetMediaType = (path: string): string => {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1)
  const dot = name.lastIndexOf(".")
  return (dot > 0 ? MEDIA_TYPES[name.slice(dot + 1).toLowerCase()] : undefined) ?? "application/octet-stream"
}

/**
 * Serves `GET`/`HEAD /assets/<path>`: the file {@link AssetFiles} finds (QU_DATA_DIR/assets, then the shipped
 * placeholders), with its media type, a strong ETag (size and mtime), Last-Modified and Cache-Control; a plain 404
 * otherwise, as file clients expect. A request {@link AssetAccess} refuses (a missing, wrong or expired signature)
 * answers a plain 403 before any lookup. Paths that could leave the directories are not found. Answers one byte range
 * (206, or 416 naming the size in Content-Range) and conditional requests (If-None-Match / If-Modified-Since → 304,
 * If-Range), see {@link decideAnswer}; several ranges get the whole file. HEAD answers the headers GET would.
 */
export const routesLayer: Layer.Layer<never, never, AssetFiles | AssetAccess> = HttpApiBuilder.Router.use((router) =>
  Effect.gen(function*() {
    const files = yield* AssetFiles
    const access = yield* AssetAccess
    const serve = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const queryAt = request.url.indexOf("?")
      const path = (queryAt < 0 ? request.url : request.url.slice(0, queryAt)).slice(ASSET_PATH_PREFIX.length)
      if (!(yield* access.allows({ path, query: queryAt < 0 ? "" : request.url.slice(queryAt + 1) }))) return forbidden
      const relative = Option.liftThrowable(decodeURIComponent)(path)
      if (Option.isNone(relative)) return notFound
      const found = yield* files.find(relative.value)
      if (Option.isNone(found)) return notFound
      // A file that vanished since, or cannot be read, is not found, as before.
      const info = yield* Effect.option(Effect.tryPromise(() => stat(found.value)))
      if (Option.isNone(info) || !info.value.isFile()) return notFound
      const { mtime, mtimeMs, size } = info.value
      const contentType = assetMediaType(found.value)
      const file = { size, etag: fileEtag(size, mtimeMs), lastModified: mtime, contentType }
      const answer = decideAnswer(request.headers, file)
      const status = answerStatus(answer)
      const headers = answerHeaders(answer, file, CACHE_CONTROL)
      if (answer._tag === "Unsatisfiable") {
        return HttpServerResponse.text("Range not satisfiable\n", { status, headers })
      }
      // No file is opened for a HEAD: the server would not read it.
      if (request.method === "HEAD" || answer._tag === "NotModified") {
        return HttpServerResponse.empty({ status, headers })
      }
      // createReadStream's `end` is inclusive, like a byte range's; the server pipes it and destroys it on abort.
      const range = answer._tag === "Partial" ? answer.range : { start: 0, end: Math.max(0, size - 1) }
      const body = size === 0 ? "" : createReadStream(found.value, { start: range.start, end: range.end })
      return HttpServerResponse.raw(body, { status, headers })
    })
    yield* router.get(`${ASSET_PATH_PREFIX}*`, serve)
    yield* router.head(`${ASSET_PATH_PREFIX}*`, serve)
  }))
