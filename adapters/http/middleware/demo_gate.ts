import { HttpApiMiddleware } from "@effect/platform"
import { Effect, Layer } from "effect"
import { ApiFailure, fail } from "../wire/envelope.ts"
import { HttpSettings } from "../http_settings.ts"
import { makeAddressLimit } from "./address_limit.ts"

/** Guards the /demo group (its /player paths too): "404" while the demo API is off, "429" over the per-address rate. */
export class DemoGate extends HttpApiMiddleware.Tag<DemoGate>()("adapters/http/DemoGate", {
  failure: ApiFailure
}) {}

/** The gate, configured from {@link HttpSettings}. */
export const layer = Layer.effect(
  DemoGate,
  Effect.gen(function*() {
    const settings = yield* HttpSettings
    const limit = makeAddressLimit(settings, "demo")
    return DemoGate.of(Effect.gen(function*() {
      if (!settings.demoEnabled) return yield* fail("404", "The demo API is switched off on this server")
      yield* limit
    }))
  })
)
