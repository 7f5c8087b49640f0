import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { Api } from "../contract/api.ts"
import { Readiness } from "../../../core/ports/readiness.ts"

/**
 * Handlers of the "system" group: /health answers while the process runs, /ready while the database answers. The
 * readiness answer is written here, status and all: a failure would otherwise meet the envelope middleware, which
 * answers every failure with HTTP 200.
 */
export const layer = HttpApiBuilder.group(Api, "system", (handlers) =>
  Effect.gen(function*() {
    const readiness = yield* Readiness
    return handlers
      .handle("health", () => Effect.succeed({ status: "ok" }))
      .handleRaw("ready", () =>
        readiness.check.pipe(
          Effect.timeout("2 seconds"),
          Effect.as(HttpServerResponse.unsafeJson({ status: "ok" })),
          Effect.catchAllCause(() => Effect.succeed(HttpServerResponse.unsafeJson({ status: "unavailable" }, { status: 503 })))
        ))
  }))
