import { HttpApiBuilder, HttpApiSwagger, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Layer } from "effect"
import { Api } from "./contract/api.ts"
import * as Authentication from "./authentication.ts"
import * as CredentialsHandlers from "./credentials_handlers.ts"
import * as DemoGate from "./demo_gate.ts"
import { makeNodeServer } from "./node_server.ts"
import * as RequestMiddleware from "./request_middleware.ts"
import * as SystemHandlers from "./system_handlers.ts"
import * as UsersHandlers from "./users_handlers.ts"

/** Where and how the HTTP server listens. */
export interface ServerOptions {
  readonly port: number
  readonly host: string
  readonly maxHeaderBytes?: number
  readonly requestTimeoutMs?: number
  /** Routes outside the API contract (e.g. the local media emulator's object store), added to the same router. */
  readonly routes?: Layer.Layer<never> | undefined
}

/** The API with every handler, the request middleware, OpenAPI at /openapi.json and interactive docs at /docs. */
export const apiLayer = HttpApiBuilder.api(Api).pipe(
  Layer.provide([
    UsersHandlers.layer,
    CredentialsHandlers.vodLayer,
    CredentialsHandlers.demoLayer,
    SystemHandlers.layer
  ]),
  Layer.provide([Authentication.layer, DemoGate.layer])
)

/** The whole HTTP adapter, listening on node:http. */
export const layer = (options: ServerOptions) =>
  HttpApiBuilder.serve().pipe(
    Layer.provide(HttpApiSwagger.layer({ path: "/docs" })),
    Layer.provide(options.routes ?? Layer.empty),
    Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" })),
    Layer.provide(RequestMiddleware.layer),
    Layer.provide(apiLayer),
    HttpServer.withLogAddress,
    // provideMerge keeps HttpServer in the output, so roots and tests can read the bound address.
    Layer.provideMerge(NodeHttpServer.layer(
      makeNodeServer({
        maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000
      }),
      { port: options.port, host: options.host }
    ))
  )
