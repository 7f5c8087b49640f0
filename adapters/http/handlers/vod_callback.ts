import { HttpApiBuilder, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Clock, Context, Effect, type Layer, Option, type Redacted } from "effect"
import { createHash } from "node:crypto"
import { unavailableIn, type ValidationError } from "../../../core/domain/errors.ts"
import { receiveVodEvent } from "../../../core/use_cases/videos/receive_vod_event.ts"
import { verifyCallback } from "../middleware/callback_signature.ts"
import { completeWrite, type Writes } from "../middleware/writes.ts"
import { readBodyText } from "../wire/request_params.ts"
import { countCallback } from "../../telemetry/metrics.ts"

/** Settings of the VOD callback endpoint. */
export class CallbackSettings extends Context.Tag("adapters/http/CallbackSettings")<CallbackSettings, {
  /** Where the endpoint listens (default /vodcallback/callback). */
  readonly path: `/${string}`
  /** The URL configured in VOD, which the signature covers. */
  readonly url: string
  /** Current key first, then the previous one during rotation; none means unsigned callbacks are accepted. */
  readonly keys: ReadonlyArray<Redacted.Redacted<string>>
  /** Largest accepted body. */
  readonly maxBodyBytes: number
}>() {}

const answer = (status: number, message: string) => HttpServerResponse.unsafeJson({ message }, { status })

/** Deepest nesting of arrays and objects a callback body may have; real events nest three or four levels. */
const MAX_NESTING = 64

// Counts brackets outside strings; the body need not be valid JSON (JSON.parse judges that afterwards).
const nestedAtMost = (text: string, max: number) => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return true
}

// The fields of VOD's event bodies (core/domain/vod_event.ts): the only words of a refusal taken from the event.
const EVENT_FIELDS = new Set([
  "EventType", "EventTime", "VideoId", "MediaId", "Status", "Data", "Suggestion", "CoverUrl", "SnapshotInfos",
  "SnapshotRegular", "StreamInfos", "Definition", "FileUrl", "Duration", "Size"
])

/**
 * The reply to an event the use case refused: a fixed text naming at most the field at fault (the parameter, or the
 * first field on the path of a Schema error). The details (Schema's text, which spells out our schema and may quote
 * the body) go to the log, never to the caller.
 */
const refusedEvent = (error: ValidationError) => {
  const field = error.parameter !== "body" ? error.parameter : /\["([A-Za-z]+)"\]/.exec(error.message)?.[1]
  const named = field !== undefined && EVENT_FIELDS.has(field) ? field : undefined
  return Effect.as(
    Effect.logWarning("vod callback refused").pipe(Effect.annotateLogs({
      reason: "not an event",
      field: named ?? "",
      detail: error.message.length > 500 ? `${error.message.slice(0, 500)}…` : error.message
    })),
    answer(400, named === undefined ? "Not a valid VOD event" : `Not a valid VOD event: check ${named}`)
  )
}

/**
 * The callback handler: verify (when keys are set), parse, store-and-apply in one transaction, then answer 200.
 * Answers are `{message}` with 200, 400 (malformed, too large or too deep), 403 (bad signature), or 503 (database
 * unavailable) and 500 (a bug) when not stored: the cloud retries those.
 */
export const handleCallback = Effect.gen(function*() {
  const settings = yield* CallbackSettings
  const request = yield* HttpServerRequest.HttpServerRequest
  if (settings.keys.length > 0) {
    const verdict = verifyCallback({
      url: settings.url,
      keys: settings.keys,
      timestamp: request.headers["x-vod-timestamp"],
      signature: request.headers["x-vod-signature"],
      nowSeconds: Math.floor((yield* Clock.currentTimeMillis) / 1000),
      skewSeconds: 300
    })
    if (verdict !== "ok") {
      yield* Effect.logWarning("vod callback refused").pipe(Effect.annotateLogs({ reason: verdict }))
      return answer(403, `Callback signature ${verdict}`)
    }
  }
  const raw = yield* Effect.either(readBodyText(request, settings.maxBodyBytes))
  if (raw._tag === "Left") return answer(400, raw.left.message.replace(/^Request body/, "Body"))
  // PostgreSQL's jsonb refuses NUL characters; no genuine event carries one.
  if (raw.right.includes("\\u0000")) return answer(400, "Body contains a NUL character")
  // Storing and decoding recurse over the body (JSON.stringify overflows the stack at a few thousand levels).
  if (!nestedAtMost(raw.right, MAX_NESTING)) return answer(400, `Body is nested deeper than ${MAX_NESTING} levels`)
  let body: unknown
  try {
    body = JSON.parse(raw.right)
  } catch {
    return answer(400, "Body is not JSON")
  }
  const key = createHash("sha256").update(raw.right, "utf8").digest("hex")
  return yield* completeWrite(receiveVodEvent({ key, body })).pipe(
    Effect.map((outcome) => answer(200, outcome)),
    Effect.catchTag("ValidationError", refusedEvent),
    Effect.catchAllCause((cause) =>
      Option.match(unavailableIn(cause), {
        // Not stored either way: any non-200 makes the cloud retry; 503 says the retry will likely work.
        onSome: (unavailable) => Effect.succeed(answer(503, unavailable.message)),
        onNone: () => Effect.as(Effect.logError("vod callback not stored", cause), answer(500, "Not stored; retry"))
      }))
  )
})

const outcomeOf = (status: number) =>
  status === 200 ? "accepted" : status === 403 ? "bad_signature" : status === 400 ? "bad_body" : status === 503 ? "unavailable" : "error"

/** What the callback endpoint needs: its settings and the ports of the use case it runs. */
type CallbackNeeds = CallbackSettings | Writes | Effect.Effect.Context<ReturnType<typeof receiveVodEvent>>

/** Mounts the callback endpoint on the HttpApi router. */
export const routesLayer: Layer.Layer<never, never, CallbackNeeds> =
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const context = yield* Effect.context<CallbackNeeds>()
      const settings = Context.get(context, CallbackSettings)
      // Counted by outcome for /metrics: accepted, refused (signature, body) or not stored.
      const counted = Effect.tap(handleCallback, (answer) => countCallback(outcomeOf(answer.status)))
      yield* router.post(settings.path, Effect.provide(counted, context))
    }))

