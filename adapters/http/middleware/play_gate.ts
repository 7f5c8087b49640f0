import { HttpApiMiddleware, HttpServerRequest } from "@effect/platform"
import { Effect, Layer } from "effect"
import { clientAddress } from "./demo_gate.ts"
import { ApiFailure, fail } from "../wire/envelope.ts"
import { HttpSettings } from "../http_settings.ts"
import { makeRateLimiter } from "./rate_limiter.ts"
import { countRefusal } from "../../../core/domain/metrics.ts"

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
    const limiter = makeRateLimiter(settings.demoRatePerMinute)
    return PlayGate.of(Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      if (!(yield* limiter.take(clientAddress(request, settings)))) {
        yield* countRefusal("play")
        return yield* fail("429", `Too many requests: at most ${settings.demoRatePerMinute} a minute per address`)
      }
    }))
  })
)
