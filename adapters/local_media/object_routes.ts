import { type HttpServerError, type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Either, Option, Stream } from "effect"
import { answerHeaders, answerStatus, decideAnswer } from "../http/file_ranges.ts"
import { contentTypeOf } from "./_object_http.ts"
import { BUCKET, OBJECT_PATH_PREFIX } from "./formats.ts"
import type { InvalidObjectKey, ObjectStore, ObjectStoreFailure, ObjectTooLarge } from "./object_store.ts"
import { validateKey } from "./object_store.ts"

export { OBJECT_PATH_PREFIX } from "./formats.ts"

/** Serves one request under OBJECT_PATH_PREFIX with plain HTTP statuses (OSS clients read them); never fails. */
export type ObjectRequestHandler = (
  request: HttpServerRequest.HttpServerRequest
) => Effect.Effect<HttpServerResponse.HttpServerResponse>

/** Whether a PUT may write a key: "unknown" when no upload was ever issued for it. */
export type UploadVerdict = "allowed" | "forbidden" | "unknown"

/** What the routes need of the emulator's state. */
export interface UploadGate {
  /** Checks the `x-oss-security-token` of a PUT against the credentials issued for that key. */
  readonly authorize: (key: string, securityToken: Option.Option<string>) => Effect.Effect<UploadVerdict>
  /** Records the key's file as complete; false when its upload was withdrawn meanwhile (the video deleted). */
  readonly completed: (key: string) => Effect.Effect<boolean>
}

/** What the object routes serve from and check against. */
export interface ObjectRoutesOptions {
  readonly store: ObjectStore
  readonly gate: UploadGate
  readonly maxUploadBytes: number
}

type RouteError = InvalidObjectKey | ObjectTooLarge | ObjectStoreFailure | HttpServerError.RequestError

const plain = (status: number, message: string, headers: Record<string, string> = {}) =>
  HttpServerResponse.text(`${message}\n`, { status, headers })

const BUCKET_PREFIX = `${OBJECT_PATH_PREFIX}${BUCKET}/`

/** The handler of `PUT`, `GET` and `HEAD /local-oss/local/<key>` over a store and the emulator's upload records. */
export const makeObjectRequestHandler = ({ gate, maxUploadBytes, store }: ObjectRoutesOptions): ObjectRequestHandler => {
  const tooLarge = () => plain(413, `EntityTooLarge: an object may have at most ${maxUploadBytes} bytes`)

  const put = (key: string, request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function*() {
      const verdict = yield* gate.authorize(key, Option.fromNullable(request.headers["x-oss-security-token"]))
      if (verdict === "unknown") return plain(404, "NoSuchUpload: no upload was issued for this key")
      if (verdict === "forbidden") {
        return plain(403, "AccessDenied: x-oss-security-token is missing, expired or issued for another key")
      }
      const declared = request.headers["content-length"]
      if (declared !== undefined && Number(declared) > maxUploadBytes) return tooLarge()
      // A web request without a body has no stream at all; an empty upload is still an upload.
      const body = declared === "0" ? Stream.empty : request.stream
      const written = yield* store.put(key, body, { maxBytes: maxUploadBytes })
      if (!(yield* gate.completed(key))) {
        yield* store.delete(key)
        return plain(404, "NoSuchUpload: the upload was withdrawn while it was being written")
      }
      return HttpServerResponse.empty({ status: 200, headers: { etag: `"${written.md5}"`, "content-length": "0" } })
    })

  // GET and HEAD: Range (206/416), If-None-Match and If-Range against the stored md5 (the ETag a PUT answered).
  const read = (key: string, request: HttpServerRequest.HttpServerRequest, withBody: boolean) =>
    Effect.gen(function*() {
      const found = yield* store.head(key)
      if (Option.isNone(found)) return plain(404, "NoSuchKey")
      const { md5, size } = found.value
      // An object stored without its digest has no ETag: only `If-None-Match: *` matches it, and If-Range never does.
      const etag = Option.getOrUndefined(Option.map(md5, (hex) => `"${hex}"`))
      const file = { size, etag, contentType: contentTypeOf(key) }
      const answer = decideAnswer(request.headers, file)
      const status = answerStatus(answer)
      const headers = answerHeaders(answer, file)
      if (answer._tag === "Unsatisfiable") return plain(416, "InvalidRange", headers)
      if (!withBody || answer._tag === "NotModified") return HttpServerResponse.empty({ status, headers })
      const object = yield* store.get(key, answer._tag === "Partial" ? answer.range : undefined)
      return Option.match(object, {
        onNone: () => plain(404, "NoSuchKey"),
        onSome: ({ stream }) => HttpServerResponse.stream(stream, { status, headers })
      })
    })

  const recover = (error: RouteError) => {
    switch (error._tag) {
      case "InvalidObjectKey":
        return Effect.succeed(plain(400, `InvalidObjectName: ${error.reason}`))
      case "ObjectTooLarge":
        return Effect.succeed(tooLarge())
      case "RequestError":
        return Effect.succeed(plain(400, "IncompleteBody: the request body could not be read"))
      case "ObjectStoreFailure":
        return Effect.logError(`media: the local object store failed to ${error.operation} ${error.key}`).pipe(
          Effect.annotateLogs("cause", String(error.cause)),
          Effect.as(plain(500, "InternalError"))
        )
    }
  }

  const route = (request: HttpServerRequest.HttpServerRequest) => {
    const query = request.url.indexOf("?")
    const path = query === -1 ? request.url : request.url.slice(0, query)
    if (!path.startsWith(BUCKET_PREFIX)) return Effect.succeed(plain(404, "NoSuchBucket"))
    const key = Either.try(() => decodeURIComponent(path.slice(BUCKET_PREFIX.length)))
    if (Either.isLeft(key)) return Effect.succeed(plain(400, "InvalidURI"))
    return Effect.flatMap(validateKey(key.right), (valid) => {
      switch (request.method) {
        case "PUT":
          // Multipart, append and ACL requests carry a sub-resource in the query; only PutObject is emulated.
          return query === -1 ? put(valid, request) : Effect.succeed(plain(501, "NotImplemented: only PutObject"))
        case "GET":
        case "HEAD":
          return read(valid, request, request.method === "GET")
        default:
          return Effect.succeed(plain(405, "MethodNotAllowed", { allow: "GET, HEAD, PUT" }))
      }
    })
  }

  return (request) =>
    route(request).pipe(
      Effect.catchAll(recover),
      Effect.catchAllDefect((defect) =>
        Effect.logError("media: the local object routes failed", defect).pipe(Effect.as(plain(500, "InternalError")))
      )
    )
}
