import { HttpApiBuilder, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Config, Data, Effect, Layer, Option, Redacted, Runtime } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { makeSecretTokenCheck, secretTokenConfig } from "../crypto/secret_token.ts"
import { CONTENT_TYPE, scrape } from "./prometheus.ts"

/** Where the metrics are served. */
export const METRICS_PATH = "/metrics"

/** How /metrics is reached: on the API port with a token, and/or on a port of its own without one. */
export interface MetricsSettings {
  /** Bearer token for GET /metrics on the API port; none: that route does not exist (the usual 404). */
  readonly token: Option.Option<Redacted.Redacted<string>>
  /** A separate listener answering GET /metrics without a token; none: no listener. */
  readonly port: Option.Option<number>
  /** Where the separate listener binds; 127.0.0.1 unless set. */
  readonly host: string
}

/** QU_METRICS_TOKEN (at least 24 characters), QU_METRICS_PORT and QU_METRICS_HOST. */
export const settingsConfig: Config.Config<MetricsSettings> = Config.all({
  // Its own token, never the admin one: a scraper's configuration should not hold the keys to the admin API.
  token: secretTokenConfig("QU_METRICS_TOKEN"),
  port: Config.option(Config.port("QU_METRICS_PORT")),
  host: Config.string("QU_METRICS_HOST").pipe(Config.withDefault("127.0.0.1"))
})

/** Whether an Authorization header carries `Bearer <token>` (the token compared in constant time). */
const bearerCheck = (token: Redacted.Redacted<string>) => {
  const matches = makeSecretTokenCheck(token)
  return (authorization: string | undefined): boolean => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "")
    return matches(match?.[1] ?? "") && match !== null
  }
}

/** Options of the metrics routes: `sample` refreshes gauges (pool, job queue) just before each scrape. */
export interface MetricsOptions<R> {
  readonly sample?: Effect.Effect<void, never, R> | undefined
}

// A failed or slow sample leaves the gauges as they were: the scrape itself must answer.
const scrapeText = <R>(options: MetricsOptions<R>) =>
  Effect.zipRight(
    options.sample === undefined ? Effect.void : options.sample.pipe(Effect.timeoutOption("2 seconds"), Effect.ignore),
    scrape
  )

/** The scrape as a response: the registry in the Prometheus text format 0.0.4. */
export const scrapeResponse = <R>(options: MetricsOptions<R> = {}) =>
  Effect.map(scrapeText(options), (text) =>
    HttpServerResponse.text(text, { contentType: CONTENT_TYPE, headers: { "cache-control": "no-store" } }))

const unauthorized = HttpServerResponse.text("Unauthorized\n", {
  status: 401,
  headers: { "www-authenticate": "Bearer realm=\"metrics\"", "cache-control": "no-store" }
})

/**
 * GET /metrics on the API router (for `AppLeaves.routes`), answering only a matching `Authorization: Bearer` token
 * (401 otherwise). Without a token it mounts nothing, so /metrics answers like any unknown path.
 */
export const routesLayer = <R = never>(settings: MetricsSettings, options: MetricsOptions<R> = {}): Layer.Layer<never, never, R> =>
  Option.match(settings.token, {
    onNone: () => Layer.empty,
    onSome: (token) =>
      HttpApiBuilder.Router.use((router) =>
        Effect.gen(function*() {
          const context = yield* Effect.context<R>()
          const authorized = bearerCheck(token)
          const handler = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
            authorized(request.headers.authorization)
              ? Effect.provide(scrapeResponse(options), context)
              : Effect.succeed(unauthorized))
          yield* router.get(METRICS_PATH, handler)
        }))
  })

/** The separate metrics listener could not bind its port. */
export class MetricsListenFailed extends Data.TaggedError("MetricsListenFailed")<{
  readonly message: string
  readonly cause: unknown
}> {}

/**
 * A listener of its own on `settings.port` (bound to `settings.host`, 127.0.0.1 by default) answering GET /metrics
 * without a token and 404 to anything else; nothing when no port is set. Closed with the layer.
 */
export const listenerLayer = <R = never>(
  settings: MetricsSettings,
  options: MetricsOptions<R> = {}
): Layer.Layer<never, MetricsListenFailed, R> =>
  Option.match(settings.port, {
    onNone: () => Layer.empty,
    onSome: (port) =>
      Layer.scopedDiscard(Effect.gen(function*() {
        const runtime = yield* Effect.runtime<R>()
        const run = Runtime.runPromise(runtime)
        const server = createServer((request, response) => {
          const path = (request.url ?? "").split("?")[0]
          if (request.method !== "GET" || path !== METRICS_PATH) {
            response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n")
            return
          }
          run(scrapeText(options)).then(
            (text) => response.writeHead(200, { "content-type": CONTENT_TYPE, "cache-control": "no-store" }).end(text),
            () => response.writeHead(500).end()
          )
        })
        const address = yield* Effect.acquireRelease(
          Effect.async<AddressInfo, MetricsListenFailed>((resume) => {
            server.once("error", (cause) =>
              resume(Effect.fail(new MetricsListenFailed({ message: `metrics port ${settings.host}:${port} unavailable`, cause }))))
            server.listen(port, settings.host, () => resume(Effect.succeed(server.address() as AddressInfo)))
          }),
          () =>
            Effect.async<void>((resume) => {
              server.closeAllConnections()
              server.close(() => resume(Effect.void))
            })
        )
        yield* Effect.logInfo(`metrics listening on http://${address.address}:${address.port}${METRICS_PATH}`)
      }))
  })
