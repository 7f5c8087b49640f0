import { HttpApiBuilder, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Clock, Context, Effect, type Layer, type Redacted } from "effect"
import { createHash } from "node:crypto"
import type { Transactor } from "../../core/ports/transactor.ts"
import type { VideoRepository } from "../../core/ports/video_repository.ts"
import type { VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { receiveVodEvent } from "../../core/use_cases/receive_vod_event.ts"
import { verifyCallback } from "./callback_signature.ts"

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

/**
 * The callback handler: verify (when keys are set), parse, store-and-apply in one transaction, then answer 200.
 * Answers are `{message}` with 200, 400 (malformed), 403 (bad signature) or 500 (not stored: the cloud retries).
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
  if (Number(request.headers["content-length"] ?? 0) > settings.maxBodyBytes) return answer(400, "Body too large")
  const raw = yield* Effect.either(request.text)
  if (raw._tag === "Left") return answer(400, "Body could not be read")
  // PostgreSQL's jsonb refuses NUL characters; no genuine event carries one.
  if (raw.right.includes("\\u0000")) return answer(400, "Body contains a NUL character")
  let body: unknown
  try {
    body = JSON.parse(raw.right)
  } catch {
    return answer(400, "Body is not JSON")
  }
  const key = createHash("sha256").update(raw.right, "utf8").digest("hex")
  return yield* receiveVodEvent({ key, body }).pipe(
    Effect.map((outcome) => answer(200, outcome)),
    Effect.catchTag("ValidationError", (e) => Effect.succeed(answer(400, e.message))),
    Effect.catchAllCause((cause) => Effect.as(Effect.logError("vod callback not stored", cause), answer(500, "Not stored; retry")))
  )
})

/** Mounts the callback endpoint on the HttpApi router. */
export const routesLayer: Layer.Layer<never, never, CallbackSettings | VodEventRepository | VideoRepository | Transactor> =
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const context = yield* Effect.context<CallbackSettings | VodEventRepository | VideoRepository | Transactor>()
      const settings = Context.get(context, CallbackSettings)
      yield* router.post(settings.path, Effect.provide(handleCallback, context))
    }))

