import { HttpApiBuilder, HttpServerRequest } from "@effect/platform"
import { Context, Effect, Layer } from "effect"
import { BUCKET, OBJECT_PATH_PREFIX, OBJECT_ROOT_PREFIX } from "./formats.ts"
import type { ObjectRequestHandler } from "./object_routes.ts"

/** The object routes of the emulator in context, so the HTTP server serves the instance the ports use. */
export class LocalObjectRoutes extends Context.Tag("adapters/local_media/LocalObjectRoutes")<LocalObjectRoutes, {
  readonly handleObjectRequest: ObjectRequestHandler
}>() {}

/**
 * An OSS request in virtual-host style: its Host names the bucket and it carries OSS credentials (a signature or a
 * security token), so a server that is itself reached as `local.<domain>` still answers its API.
 */
const isVirtualHostOss = (request: HttpServerRequest.HttpServerRequest) =>
  (request.headers.host ?? "").toLowerCase().startsWith(`${BUCKET}.`) &&
  ((request.headers.authorization ?? "").startsWith("OSS") || request.headers["x-oss-security-token"] !== undefined)

/**
 * Mounts LocalObjectRoutes on the HttpApi router (for `HttpApiBuilder.serve`): path-style at `/local-oss/local/*` and
 * `/local/*`; and, in front of the router, any request whose Host names the bucket (`local.<anything>`, as the SDKs
 * send to an IP endpoint: the key is then the whole path). Everything else reaches the API as before.
 */
export const routesLayer: Layer.Layer<never, never, LocalObjectRoutes> = Layer.merge(
  HttpApiBuilder.Router.use((router) =>
    Effect.flatMap(LocalObjectRoutes, ({ handleObjectRequest }) => {
      const handle = Effect.flatMap(HttpServerRequest.HttpServerRequest, handleObjectRequest)
      return Effect.all([router.all(`${OBJECT_PATH_PREFIX}*`, handle), router.all(`${OBJECT_ROOT_PREFIX}*`, handle)], {
        discard: true
      })
    })),
  HttpApiBuilder.middleware(Effect.map(LocalObjectRoutes, ({ handleObjectRequest }) => (app) =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      isVirtualHostOss(request) ? handleObjectRequest(request) : app)))
)
