import { Headers, HttpApiBuilder, HttpApiSwagger, HttpServer } from "@effect/platform"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Effect, Layer } from "effect"
import { Api } from "./contract/api.ts"
import * as AdminAuthentication from "./middleware/admin_authentication.ts"
import * as AdminHandlers from "./handlers/admin_handlers.ts"
import * as Authentication from "./middleware/authentication.ts"
import * as Console from "./console/routes.ts"
import * as CatalogueHandlers from "./handlers/catalogue_handlers.ts"
import * as Compression from "./middleware/compression.ts"
import * as CredentialsHandlers from "./handlers/credentials_handlers.ts"
import * as DemoGate from "./middleware/demo_gate.ts"
import { DOCS_PATH } from "./middleware/docs_policy.ts"
import * as EdgeHeaders from "./middleware/edge_headers.ts"
import { makeFastPath } from "./lane/lane.ts"
import type { RequestLogMode } from "./lane/log.ts"
import { HttpSettings } from "./http_settings.ts"
import * as LiveHandlers from "./handlers/live_handlers.ts"
import { makeNodeServer } from "./node_server.ts"
import * as RequestMiddleware from "./middleware/request_middleware.ts"
import * as RootRedirect from "./handlers/root_redirect.ts"
import * as StaticAssets from "./handlers/static_assets.ts"
import * as SystemHandlers from "./handlers/system_handlers.ts"
import * as UsersHandlers from "./handlers/users_handlers.ts"
import * as VideosHandlers from "./handlers/videos_handlers.ts"
import * as Writes from "./middleware/writes.ts"

/** Where and how the HTTP server listens. */
export interface ServerOptions<R = never> {
  readonly port: number
  readonly host: string
  readonly maxHeaderBytes?: number
  readonly requestTimeoutMs?: number
  /** Routes outside the API contract (e.g. the local media emulator's object store), added to the same router. */
  readonly routes?: Layer.Layer<never, never, R> | undefined
  /** Answer cached catalogue reads in front of the Effect app (default true; false only to compare the two). */
  readonly fastPath?: boolean | undefined
  /** How the fast path logs: through the loggers (default), or JSON lines on stdout when the server logs JSON. */
  readonly fastPathLog?: RequestLogMode | undefined
}

/** The API with every handler, the request middleware, OpenAPI at /openapi.json and interactive docs at /docs. */
export const apiLayer = HttpApiBuilder.api(Api).pipe(
  Layer.provide([
    UsersHandlers.layer,
    CredentialsHandlers.vodLayer,
    CredentialsHandlers.demoLayer,
    VideosHandlers.layer,
    VideosHandlers.vodVideoLayer,
    LiveHandlers.layer,
    CatalogueHandlers.musicLayer,
    CatalogueHandlers.resourceLayer,
    SystemHandlers.layer,
    AdminHandlers.layer
  ]),
  Layer.provide([Authentication.layer, DemoGate.layer, AdminAuthentication.layer])
)

/**
 * Request headers that carry secrets besides the platform's own list (authorization, cookie…): the VOD callback's
 * signature (it does not cover the body: replayable within its window) and the OSS security token of an upload.
 * The platform's request spans record every other header.
 */
export const SECRET_HEADERS = ["x-vod-signature", "x-oss-security-token"]

/**
 * The whole HTTP adapter, listening on node:http. The edge headers (edge_headers.ts) go on every answer: the
 * app's through their middleware, outside compression, and the read lane's by the same policy.
 */
export const layer = <R = never>(options: ServerOptions<R>) =>
  withSecretHeaders(Layer.unwrapEffect(Effect.map(HttpSettings, (settings) => {
    const edge = EdgeHeaders.makeEdgeHeaders(settings)
    return HttpApiBuilder.serve((app) => EdgeHeaders.middleware(edge)(Compression.middleware(app))).pipe(
      Layer.provide(HttpApiSwagger.layer({ path: DOCS_PATH })),
      Layer.provide(options.routes ?? Layer.empty),
      Layer.provide(StaticAssets.routesLayer),
      Layer.provide(RootRedirect.layer),
      Layer.provide(Console.layer),
      Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" })),
      Layer.provide(RequestMiddleware.layer),
      Layer.provide(apiLayer),
      // One set of running writes for the API and the extra routes (the VOD callback); shutdown waits for it.
      Layer.provide(Writes.layer),
      HttpServer.withLogAddress,
      // provideMerge keeps HttpServer in the output, so roots and tests can read the bound address.
      Layer.provideMerge(Layer.unwrapEffect(Effect.map(
        options.fastPath === false ? Effect.succeed(undefined) : makeFastPath(options.fastPathLog ?? "loggers", edge),
        (intercept) =>
          NodeHttpServer.layer(
            makeNodeServer({
              maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
              requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
              intercept
            }),
            { port: options.port, host: options.host }
          )
      )))
    )
  })))

// Set while the server is built, so the fibers serving requests inherit it.
function withSecretHeaders<A, E, R>(layer: Layer.Layer<A, E, R>) {
  return Layer.locallyWith(layer, Headers.currentRedactedNames, (names) => [...names, ...SECRET_HEADERS])
}
