import { HttpApiMiddleware } from "@effect/platform"
import { Effect, Layer } from "effect"
import { ApiFailure } from "../wire/envelope.ts"
import { HttpSettings } from "../http_settings.ts"
import { makeAddressLimit } from "./address_limit.ts"

/**
 * Guards the play calls that need no token outside the demo group (/vodVideo/getVideoById): "429" over the
 * per-address rate of the demo group (QU_DEMO_RATE), with a limiter of its own. Unlike the demo group it stays on
 * with QU_DEMO_API=off: the mini-program plays through it.
 */
export class PlayGate extends HttpApiMiddleware.Tag<PlayGate>()("adapters/http/PlayGate", {
  failure: ApiFailure
}) {}

/** The gate, configured from {@link HttpSettings}. */
export const layer = Layer.effect(
  PlayGate,
  Effect.gen(function*() {
    const settings = yield* HttpSettings
    return PlayGate.of(makeAddressLimit(settings, "play"))
  })
)
