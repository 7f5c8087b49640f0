import { HttpApiBuilder, HttpServerRequest } from "@effect/platform"
import { Context, Effect, type Layer } from "effect"
import { OBJECT_PATH_PREFIX } from "./formats.ts"
import type { ObjectRequestHandler } from "./object_routes.ts"

/** The object routes of the emulator in context, so the HTTP server serves the instance the ports use. */
export class LocalObjectRoutes extends Context.Tag("adapters/local_media/LocalObjectRoutes")<LocalObjectRoutes, {
  readonly handleObjectRequest: ObjectRequestHandler
}>() {}

/** Mounts LocalObjectRoutes at `/local-oss/*` on the HttpApi router (for `HttpApiBuilder.serve`). */
export const routesLayer: Layer.Layer<never, never, LocalObjectRoutes> = HttpApiBuilder.Router.use((router) =>
  Effect.flatMap(LocalObjectRoutes, ({ handleObjectRequest }) =>
    router.all(`${OBJECT_PATH_PREFIX}*`, Effect.flatMap(HttpServerRequest.HttpServerRequest, handleObjectRequest))))
