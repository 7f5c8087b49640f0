import { HttpApiBuilder } from "@effect/platform"
import { Effect } from "effect"
import { Api } from "./contract/api.ts"
import { Readiness } from "../../core/ports/readiness.ts"

/** Handlers of the "system" group: /health answers while the process runs, /ready while the database answers. */
export const layer = HttpApiBuilder.group(Api, "system", (handlers) =>
  Effect.gen(function*() {
    const readiness = yield* Readiness
    return handlers
      .handle("health", () => Effect.succeed({ status: "ok" }))
      .handle("ready", () =>
        readiness.check.pipe(
          Effect.timeout("2 seconds"),
          Effect.as({ status: "ok" }),
          Effect.catchAllCause(() => Effect.fail({ status: "unavailable" }))
        ))
  }))
