import { HttpApiBuilder, HttpBody, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Clock, Effect, Option } from "effect"
import { unavailableIn } from "../../../core/domain/errors.ts"
import { IdGenerator } from "../../../core/ports/id_generator.ts"
import { decodeMessage } from "../wire/decode_message.ts"
import { CurrentRequestId, failureJson } from "../wire/envelope.ts"
import { HttpSettings } from "../http_settings.ts"
import { redactedQuery } from "../wire/redaction.ts"
import { Api } from "../contract/api.ts"
import { DOCS_PATH } from "./docs_policy.ts"
import { recordRequest } from "../../telemetry/metrics.ts"
import { METRICS_PATH } from "../../telemetry/metrics_route.ts"
import { apiPaths, makeRouteLabel } from "../../telemetry/route_label.ts"
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
    // A body an endpoint reads itself (a JSON payload) that does not parse: the platform dies with it, but it is the
    // caller's mistake.
    const squashed = Cause.squash(cause) as { readonly _tag?: string; readonly reason?: string }
    if (squashed?._tag === "RequestError" && squashed.reason === "Decode") {
      return failure(requestId, "400", "The request body is not valid JSON")
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
  // A bounded set of route labels for the metrics: the contract's paths, the extra routes, or "unmatched".
  const routeOf = makeRouteLabel([...apiPaths(Api), METRICS_PATH, "/openapi.json", "/"], [...rawBodyPaths, "/assets/", DOCS_PATH])
  return (app) =>
    Effect.gen(function*() {
      const start = yield* Clock.currentTimeMillis
      const requestId = yield* ids.uuid
      const request = yield* HttpServerRequest.HttpServerRequest
      const url = new URL(request.url, "http://localhost")
      const query = redactedQuery(url.searchParams)
      // The platform's server span recorded the raw query (tokens included): overwrite it with the redacted one.
      const full = Option.getOrUndefined(HttpServerRequest.toURL(request))
      if (full !== undefined) full.search = query
      yield* Effect.annotateCurrentSpan({ "request.id": requestId, "url.query": query, "url.full": full?.toString() ?? url.pathname })
      const normalized = readsOwnBody(request.url) ? Effect.succeed(request) : withBodyParams(request, maxBodyBytes)
      const answer: Answer = yield* normalized.pipe(
        Effect.flatMap((normalized) => Effect.provideService(app, HttpServerRequest.HttpServerRequest, normalized)),
        Effect.map((response) => ({ response, code: String(response.status) })),
        Effect.locally(CurrentRequestId, requestId),
        Effect.catchAllCause((cause) => toFailure(requestId, cause)),
        Effect.annotateLogs("requestId", requestId)
      )
      const response = HttpServerResponse.setHeader(withCharset(answer.response), "x-request-id", requestId)
      const durationMs = (yield* Clock.currentTimeMillis) - start
      yield* recordRequest({ route: routeOf(url.pathname), code: answer.code, seconds: durationMs / 1000 })
      yield* Effect.logInfo("http request").pipe(Effect.annotateLogs({
        requestId,
        method: request.method,
        path: url.pathname,
        query,
        status: response.status,
        code: answer.code,
        durationMs
      }))
      return response
    })
}))
