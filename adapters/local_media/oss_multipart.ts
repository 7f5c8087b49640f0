import type { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { HttpServerResponse as Response } from "@effect/platform"
import { DateTime, Effect, Option, Stream } from "effect"
import { randomBytes } from "node:crypto"
import { BUCKET, partKey } from "./formats.ts"
import type { LocalMediaRecords, MultipartUpload } from "./media_records.ts"
import type { InvalidObjectKey, ObjectStore, ObjectStoreFailure, ObjectTooLarge } from "./object_store.ts"
import { elements, xmlError, xmlResult } from "./oss_xml.ts"

type Failure = InvalidObjectKey | ObjectTooLarge | ObjectStoreFailure
type Answer = Effect.Effect<HttpServerResponse.HttpServerResponse, Failure>


/** What the multipart operations need from the object routes. */
export interface MultipartOptions {
  readonly store: ObjectStore
  /** Where uploads in progress are recorded, so they survive a restart. */
  readonly records: Pick<LocalMediaRecords["Type"], "startMultipart" | "findMultipart" | "putPart" | "endMultipart">
  readonly maxUploadBytes: number
  /** None when the request may write `key`, else the error to answer (see object_routes.ts). */
  readonly authorizeWrite: (
    key: string,
    request: HttpServerRequest.HttpServerRequest,
    query: URLSearchParams
  ) => Effect.Effect<Option.Option<HttpServerResponse.HttpServerResponse>>
  /** Records the key's file as complete; false when its upload was withdrawn meanwhile. */
  readonly completed: (key: string) => Effect.Effect<boolean>
}

const MAX_PARTS = 10_000
const noSuchUpload = xmlError(404, "NoSuchUpload", "The upload does not exist or was completed or aborted")
const PART_ENTRY = /<Part>\s*<PartNumber>\s*(\d+)\s*<\/PartNumber>\s*<ETag>\s*(?:&quot;|")?([0-9A-Fa-f]+)(?:&quot;|")?\s*<\/ETag>\s*<\/Part>/g

/**
 * OSS multipart upload, as the SDKs use it for larger files: InitiateMultipartUpload (POST ?uploads), UploadPart
 * (PUT ?partNumber&uploadId), CompleteMultipartUpload (POST ?uploadId with the part list), AbortMultipartUpload
 * (DELETE ?uploadId) and ListParts (GET ?uploadId). Parts are stored as objects of their own until the upload
 * completes (then joined into the key in the order listed) or is aborted. Uploads in progress are kept in the
 * emulator's records, so an SDK can resume one after a restart.
 */
export const makeMultipart = (options: MultipartOptions) => {
  const { records, store } = options

  const withUpload = (
    key: string,
    request: HttpServerRequest.HttpServerRequest,
    query: URLSearchParams,
    use: (uploadId: string, upload: MultipartUpload) => Answer
  ): Answer =>
    Effect.gen(function*() {
      const denied = yield* options.authorizeWrite(key, request, query)
      if (Option.isSome(denied)) return denied.value
      const uploadId = query.get("uploadId") ?? ""
      const upload = uploadId === "" ? Option.none() : yield* records.findMultipart(uploadId)
      if (Option.isNone(upload) || upload.value.key !== key) return noSuchUpload
      return yield* use(uploadId, upload.value)
    })

  // The record first: once it is gone no request can use the parts, whose files are then removed.
  const drop = (uploadId: string, upload: MultipartUpload) =>
    Effect.zipRight(
      records.endMultipart(uploadId),
      Effect.forEach(upload.parts.keys(), (n) => store.delete(partKey(uploadId, n)), { discard: true })
    )

  const storePart = (
    uploadId: string,
    request: HttpServerRequest.HttpServerRequest,
    query: URLSearchParams
  ): Answer => {
    const n = Number(query.get("partNumber"))
    if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) {
      return Effect.succeed(xmlError(400, "InvalidArgument", `partNumber must be a whole number from 1 to ${MAX_PARTS}`))
    }
    const body = request.headers["content-length"] === "0" ? Stream.empty : request.stream
    return store.put(partKey(uploadId, n), body, { maxBytes: options.maxUploadBytes }).pipe(
      Effect.flatMap((written) => {
        const etag = written.md5.toUpperCase()
        return Effect.flatMap(records.putPart(uploadId, n, { etag, size: written.size }), (recorded) =>
          recorded
            ? Effect.succeed(Response.empty({ status: 200, headers: { etag: `"${etag}"`, "content-length": "0" } }))
            // Completed or aborted while this part was being written: its file has no upload to belong to.
            : Effect.as(store.delete(partKey(uploadId, n)), noSuchUpload))
      }),
      Effect.catchTag("RequestError", () => Effect.succeed(xmlError(400, "IncompleteBody", "The request body could not be read")))
    )
  }

  // The listed parts joined, in order, into the key; each must be uploaded with the ETag listed.
  const join = (key: string, uploadId: string, upload: MultipartUpload, request: HttpServerRequest.HttpServerRequest): Answer =>
    Effect.gen(function*() {
      const text = yield* Effect.orElseSucceed(request.text, () => "")
      const listed = [...text.matchAll(PART_ENTRY)].map((m) => ({ n: Number(m[1]), etag: m[2]!.toUpperCase() }))
      if (listed.length === 0) return xmlError(400, "MalformedXML", "The part list is empty or not valid XML")
      for (let i = 0; i < listed.length; i++) {
        const { etag, n } = listed[i]!
        if (i > 0 && n <= listed[i - 1]!.n) return xmlError(400, "InvalidPartOrder", "Parts must be listed in ascending order")
        if (upload.parts.get(n)?.etag !== etag) return xmlError(400, "InvalidPart", `Part ${n} was not uploaded with that ETag`)
      }
      const joined = Stream.flatMap(Stream.fromIterable(listed), ({ n }) =>
        Stream.unwrap(Effect.map(store.get(partKey(uploadId, n)), (part) =>
          Option.isSome(part) ? part.value.stream : Stream.die(new Error(`part ${n} of ${uploadId} vanished`)))))
      const written = yield* store.put(key, joined, { maxBytes: options.maxUploadBytes })
      yield* drop(uploadId, upload)
      if (!(yield* options.completed(key))) {
        yield* store.delete(key)
        return xmlError(404, "NoSuchUpload", "The upload was withdrawn while it was being written")
      }
      const etag = `"${written.md5.toUpperCase()}"`
      return xmlResult("CompleteMultipartUploadResult", elements([["Bucket", BUCKET], ["Key", key], ["ETag", etag]]), { etag })
    })

  return {
    initiate: (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams): Answer =>
      Effect.gen(function*() {
        const denied = yield* options.authorizeWrite(key, request, query)
        if (Option.isSome(denied)) return denied.value
        const uploadId = randomBytes(16).toString("hex").toUpperCase()
        yield* records.startMultipart(uploadId, key, yield* DateTime.now)
        return xmlResult("InitiateMultipartUploadResult", elements([["Bucket", BUCKET], ["Key", key], ["UploadId", uploadId]]))
      }),

    uploadPart: (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams): Answer =>
      withUpload(key, request, query, (uploadId) => storePart(uploadId, request, query)),

    complete: (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams): Answer =>
      withUpload(key, request, query, (uploadId, upload) => join(key, uploadId, upload, request)),

    abort: (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams): Answer =>
      withUpload(key, request, query, (uploadId, upload) =>
        Effect.as(drop(uploadId, upload), Response.empty({ status: 204 }))),

    listParts: (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams): Answer =>
      withUpload(key, request, query, (uploadId, upload) =>
        Effect.succeed(xmlResult(
          "ListPartsResult",
          elements([["Bucket", BUCKET], ["Key", key], ["UploadId", uploadId]]) +
            [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([n, part]) =>
              `<Part>${elements([["PartNumber", n], ["ETag", `"${part.etag}"`], ["Size", part.size]])}</Part>`
            ).join("")
        )))
  }
}
