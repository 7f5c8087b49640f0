import { HttpApiBuilder, HttpBody, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Clock, Effect, Option } from "effect"
import { unavailableIn } from "../../../core/domain/errors.ts"
import { IdGenerator } from "../../../core/ports/id_generator.ts"
import { decodeMessage } from "../wire/decode_message.ts"
import { CurrentRequestId, failureJson } from "../wire/envelope.ts"
import { HttpSettings } from "../http_settings.ts"
import { redactedQuery } from "../wire/redaction.ts"
import { withBodyParams } from "../wire/request_params.ts"

const JSON_UTF8 = "application/json; charset=utf-8"

// The body's own content type wins over headers, so the charset goes on the body.
const withCharset = (response: HttpServerResponse.HttpServerResponse) =>
  response.body._tag === "Uint8Array" && response.body.contentType === "application/json"
    ? HttpServerResponse.setBody(response, HttpBody.uint8Array(response.body.body, JSON_UTF8))
    : response

interface Answer {
  readonly response: HttpServerResponse.HttpServerResponse
  readonly code: string
}

const failure = (requestId: string, code: string, message: string): Answer => ({
  code,
  response: HttpServerResponse.unsafeJson(failureJson({ requestId, code, message }), { status: 200 })
})

// Every failure, typed or not, becomes the envelope; only unexpected ones are logged (with the cause). An unreachable
// database is expected: the SQL adapter logs the outage once, and each request answers "503" (retry later).
const toFailure = (requestId: string, cause: Cause.Cause<unknown>) =>
  Effect.gen(function*() {
    const unavailable = unavailableIn(cause)
    if (Option.isSome(unavailable)) return failure(requestId, "503", unavailable.value.message)
    if (Cause.isFailure(cause)) {
      const error = Cause.squash(cause) as { readonly _tag?: string; readonly code: string; readonly message: string }
      switch (error._tag) {
        case "ApiFailure":
          return failure(requestId, error.code, error.message)
        case "HttpApiDecodeError":
          return failure(requestId, "400", decodeMessage(error as never))
        case "BadRequestBody":
          return failure(requestId, "400", error.message)
        case "RouteNotFound":
          return failure(requestId, "404", "No such endpoint")
      }
    }
    if (Cause.isInterruptedOnly(cause)) return failure(requestId, "503", "Request cancelled")
    yield* Effect.logError("request failed unexpectedly", cause)
    return failure(requestId, "500", `Internal error; quote request id ${requestId}`)
  })

/**
 * Every API request passes here: a request id (body, header and log), body parameters folded into the query,
 * every failure turned into the envelope, and one log line with secrets redacted.
 */
export const layer = HttpApiBuilder.middleware(Effect.gen(function*() {
  const ids = yield* IdGenerator
  const { maxBodyBytes, rawBodyPaths } = yield* HttpSettings
  // Routes that read their own body (the VOD callback, object uploads) get it untouched.
  const readsOwnBody = (url: string) => rawBodyPaths.some((prefix) => url.startsWith(prefix))
  return (app) =>
    Effect.gen(function*() {
      const start = yield* Clock.currentTimeMillis
      const requestId = yield* ids.uuid
      const request = yield* HttpServerRequest.HttpServerRequest
      const normalized = readsOwnBody(request.url) ? Effect.succeed(request) : withBodyParams(request, maxBodyBytes)
      const answer: Answer = yield* normalized.pipe(
        Effect.flatMap((normalized) => Effect.provideService(app, HttpServerRequest.HttpServerRequest, normalized)),
        Effect.map((response) => ({ response, code: String(response.status) })),
        Effect.locally(CurrentRequestId, requestId),
        Effect.catchAllCause((cause) => toFailure(requestId, cause))
      )
      const response = HttpServerResponse.setHeader(withCharset(answer.response), "x-request-id", requestId)
      const url = new URL(request.url, "http://localhost")
      yield* Effect.logInfo("http request").pipe(Effect.annotateLogs({
        requestId,
        method: request.method,
        path: url.pathname,
        query: redactedQuery(url.searchParams),
        status: response.status,
        code: answer.code,
        durationMs: (yield* Clock.currentTimeMillis) - start
      }))
      return response
    })
}))
