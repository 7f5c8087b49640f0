import { type HttpServerError, type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Effect, Either, Option, Stream } from "effect"
import { answerHeaders, answerStatus, decideAnswer } from "../http/middleware/file_ranges.ts"
import { contentTypeOf } from "./_object_http.ts"
import { makeMultipart, type MultipartOptions } from "./oss_multipart.ts"
import { parseAuthorization, signatureMatches } from "./oss_signature.ts"
import { xmlError } from "./oss_xml.ts"
import { BUCKET, OBJECT_PATH_PREFIX } from "./formats.ts"
import type { InvalidObjectKey, ObjectStore, ObjectStoreFailure, ObjectTooLarge } from "./object_store.ts"
import { validateKey } from "./object_store.ts"
import { unavailableIn } from "../../core/domain/errors.ts"

export { OBJECT_PATH_PREFIX } from "./formats.ts"

/** Serves one OSS request (see objectKeyOf) with OSS statuses and XML errors, as the SDKs read them; never fails. */
export type ObjectRequestHandler = (
  request: HttpServerRequest.HttpServerRequest
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

/** Whether a PUT may write a key: "unknown" when no upload was ever issued for it. */
export type UploadVerdict = "allowed" | "forbidden" | "unknown"

/** The answer of the upload gate: with "allowed", the key pair the request must be signed with. */
export interface UploadPermission {
  readonly verdict: UploadVerdict
  readonly keyPair?: { readonly accessKeyId: string; readonly accessKeySecret: string }
}

/** What the routes need of the emulator's state. */
export interface UploadGate {
  /** Checks the `x-oss-security-token` of a write against the credentials issued for that key. */
  readonly authorize: (key: string, securityToken: Option.Option<string>) => Effect.Effect<UploadPermission>
  /** Records the key's file as complete; false when its upload was withdrawn meanwhile (the video deleted). */
  readonly completed: (key: string) => Effect.Effect<boolean>
}

/** What the object routes serve from and check against. */
export interface ObjectRoutesOptions {
  readonly store: ObjectStore
  readonly gate: UploadGate
  readonly records: MultipartOptions["records"]
  readonly maxUploadBytes: number
}

/** The largest image (a cover) the emulator stores. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024

type RouteError = InvalidObjectKey | ObjectTooLarge | ObjectStoreFailure | HttpServerError.RequestError

const LEGACY_PREFIX = `${OBJECT_PATH_PREFIX}${BUCKET}/`
const ROOT_PREFIX = `/${BUCKET}/`

/**
 * The object key an OSS request names, whatever style the client used: virtual-host (`Host: local.<anything>`,
 * the key is the path: what the SDKs send to an IP endpoint, with their default region's domain in Host),
 * path-style at the root (`/local/<key>`) or under the old prefix (`/local-oss/local/<key>`). None: not an OSS request.
 */
export const objectKeyOf = (request: HttpServerRequest.HttpServerRequest): Option.Option<string> => {
  const query = request.url.indexOf("?")
  const path = query === -1 ? request.url : request.url.slice(0, query)
  const host = (request.headers.host ?? "").toLowerCase()
  const raw = host.startsWith(`${BUCKET}.`)
    ? path.slice(1)
    : path.startsWith(LEGACY_PREFIX)
    ? path.slice(LEGACY_PREFIX.length)
    : path.startsWith(ROOT_PREFIX)
    ? path.slice(ROOT_PREFIX.length)
    : undefined
  return raw === undefined ? Option.none() : Option.some(raw)
}

/** The handler of `PUT`, `GET` and `HEAD /local-oss/local/<key>` over a store and the emulator's upload records. */
export const makeObjectRequestHandler = ({ gate, maxUploadBytes, records, store }: ObjectRoutesOptions): ObjectRequestHandler => {
  const tooLarge = (limit: number) => xmlError(413, "EntityTooLarge", `This object may have at most ${limit} bytes`)
  // Image grants (covers) need far less than a video: a smaller limit keeps them from filling the disk.
  const maxBytesOf = (key: string) => key.startsWith("image/") ? Math.min(maxUploadBytes, MAX_IMAGE_BYTES) : maxUploadBytes

  // A write needs the security token issued for this key and, when signed (as every SDK signs), a V1 signature made
  // with the key pair issued with it. A bare token (curl, the older test clients) is still accepted.
  const authorizeWrite = (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams) =>
    Effect.gen(function*() {
      const permission = yield* gate.authorize(key, Option.fromNullable(request.headers["x-oss-security-token"]))
      if (permission.verdict === "unknown") {
        return Option.some(xmlError(404, "NoSuchUpload", "No upload was issued for this key"))
      }
      if (permission.verdict === "forbidden" || permission.keyPair === undefined) {
        return Option.some(
          xmlError(403, "AccessDenied", "The security token is missing, expired or was issued for another object")
        )
      }
      const authorization = request.headers.authorization
      if (authorization === undefined) return Option.none()
      const signed = parseAuthorization(authorization)
      const signedRequest = { method: request.method, headers: request.headers, bucket: BUCKET, key, query }
      if (signed === undefined || signed.accessKeyId !== permission.keyPair.accessKeyId) {
        return Option.some(xmlError(403, "InvalidAccessKeyId", "The AccessKeyId is not the one issued with this token"))
      }
      if (!signatureMatches(signedRequest, permission.keyPair.accessKeySecret, signed.signature)) {
        return Option.some(xmlError(403, "SignatureDoesNotMatch", "The request signature does not match"))
      }
      return Option.none()
    })

  const put = (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams) =>
    Effect.gen(function*() {
      const denied = yield* authorizeWrite(key, request, query)
      if (Option.isSome(denied)) return denied.value
      const declared = request.headers["content-length"]
      const limit = maxBytesOf(key)
      if (declared !== undefined && Number(declared) > limit) return tooLarge(limit)
      // A web request without a body has no stream at all; an empty upload is still an upload.
      const body = declared === "0" ? Stream.empty : request.stream
      const written = yield* store.put(key, body, { maxBytes: limit })
      if (!(yield* gate.completed(key))) {
        yield* store.delete(key)
        return xmlError(404, "NoSuchUpload", "The upload was withdrawn while it was being written")
      }
      return HttpServerResponse.empty({ status: 200, headers: { etag: `"${written.md5}"`, "content-length": "0" } })
    })

  // GET and HEAD: Range (206/416), If-None-Match and If-Range against the stored md5 (the ETag a PUT answered).
  const read = (key: string, request: HttpServerRequest.HttpServerRequest, withBody: boolean) =>
    Effect.gen(function*() {
      const found = yield* store.head(key)
      if (Option.isNone(found)) return xmlError(404, "NoSuchKey", "The object does not exist")
      const { md5, size } = found.value
      // An object stored without its digest has no ETag: only `If-None-Match: *` matches it, and If-Range never does.
      const etag = Option.getOrUndefined(Option.map(md5, (hex) => `"${hex}"`))
      const file = { size, etag, contentType: contentTypeOf(key) }
      const answer = decideAnswer(request.headers, file)
      const status = answerStatus(answer)
      const headers = answerHeaders(answer, file)
      if (answer._tag === "Unsatisfiable") return xmlError(416, "InvalidRange", "The range is not satisfiable", headers)
      if (!withBody || answer._tag === "NotModified") return HttpServerResponse.empty({ status, headers })
      const object = yield* store.get(key, answer._tag === "Partial" ? answer.range : undefined)
      return Option.match(object, {
        onNone: () => xmlError(404, "NoSuchKey", "The object does not exist"),
        onSome: ({ stream }) => HttpServerResponse.stream(stream, { status, headers })
      })
    })

  const recover = (error: RouteError) => {
    switch (error._tag) {
      case "InvalidObjectKey":
        return Effect.succeed(xmlError(400, "InvalidObjectName", `The object name ${error.reason}`))
      case "ObjectTooLarge":
        return Effect.succeed(tooLarge(error.maxBytes))
      case "RequestError":
        return Effect.succeed(xmlError(400, "IncompleteBody", "The request body could not be read"))
      case "ObjectStoreFailure":
        return Effect.logError(`media: the local object store failed to ${error.operation} ${error.key}`).pipe(
          Effect.annotateLogs("cause", String(error.cause)),
          Effect.as(xmlError(500, "InternalError", "The local object store failed"))
        )
    }
  }

  const multipart = makeMultipart({ store, records, maxUploadBytes, authorizeWrite, completed: gate.completed })

  const route = (request: HttpServerRequest.HttpServerRequest) => {
    const mark = request.url.indexOf("?")
    const query = new URLSearchParams(mark === -1 ? "" : request.url.slice(mark + 1))
    const located = objectKeyOf(request)
    if (Option.isNone(located)) return Effect.succeed(xmlError(404, "NoSuchBucket", `Only the bucket ${BUCKET} exists`))
    const key = Either.try(() => decodeURIComponent(located.value))
    if (Either.isLeft(key)) return Effect.succeed(xmlError(400, "InvalidURI", "The object name is not valid URI encoding"))
    const uploadId = query.get("uploadId")
    return Effect.flatMap(validateKey(key.right), (valid): Effect.Effect<HttpServerResponse.HttpServerResponse, RouteError> => {
      switch (request.method) {
        case "PUT":
          if (uploadId !== null && query.has("partNumber")) return multipart.uploadPart(valid, request, query)
          return mark === -1 || query.toString() === "" ? put(valid, request, query) : notImplemented(request, query)
        case "POST":
          if (query.has("uploads")) return multipart.initiate(valid, request, query)
          if (uploadId !== null) return multipart.complete(valid, request, query)
          return notImplemented(request, query)
        case "DELETE":
          return uploadId !== null ? multipart.abort(valid, request, query) : deleteObject(valid, request, query)
        case "GET":
          if (uploadId !== null) return multipart.listParts(valid, request, query)
          return read(valid, request, true)
        case "HEAD":
          return read(valid, request, false)
        default:
          return Effect.succeed(xmlError(405, "MethodNotAllowed", `${request.method} is not supported`))
      }
    })
  }

  // DeleteObject: the key's own credentials may remove what they wrote.
  const deleteObject = (key: string, request: HttpServerRequest.HttpServerRequest, query: URLSearchParams) =>
    Effect.gen(function*() {
      const denied = yield* authorizeWrite(key, request, query)
      if (Option.isSome(denied)) return denied.value
      yield* store.delete(key)
      return HttpServerResponse.empty({ status: 204 })
    })

  return (request) =>
    route(request).pipe(
      Effect.catchAll(recover),
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause) ? Effect.failCause(cause) : Option.match(unavailableIn(cause), {
          // The records' database is down or busy: the SDKs retry a 503.
          onSome: (unavailable) => Effect.succeed(xmlError(503, "ServiceUnavailable", unavailable.message)),
          onNone: () =>
            Effect.logError("media: the local object routes failed", cause).pipe(
              Effect.as(xmlError(500, "InternalError", "The local object routes failed"))
            )
        })
      )
    )
}

// Anything else an SDK may send (ACLs, append, tagging, …): a non-2xx XML error, never a silent success.
const notImplemented = (request: HttpServerRequest.HttpServerRequest, query: URLSearchParams) =>
  Effect.succeed(xmlError(501, "NotImplemented", `${request.method} with ${[...query.keys()].join(", ") || "these parameters"} is not emulated`))
