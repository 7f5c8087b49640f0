import { HttpApiMiddleware, HttpServerRequest } from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { ApiFailure, fail } from "../wire/envelope.ts"
import { forwardedClient, type ProxyTrust } from "./forwarded_for.ts"
import { HttpSettings } from "../http_settings.ts"
import { makeRateLimiter } from "./rate_limiter.ts"
import { countRefusal } from "../../../core/domain/metrics.ts"

/** Guards the /demo group (its /player paths too): "404" while the demo API is off, "429" over the per-address rate. */
export class DemoGate extends HttpApiMiddleware.Tag<DemoGate>()("adapters/http/DemoGate", {
  failure: ApiFailure
}) {}

/**
 * The client's address, canonical: the socket peer or, with `trustProxy`, the right-most X-Forwarded-For address
 * that is not one of `trustedProxies` (see {@link forwardedClient}). Takes the {@link HttpSettings} value.
 */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest, settings: ProxyTrust): string =>
  forwardedClient(Option.getOrUndefined(request.remoteAddress), request.headers["x-forwarded-for"], settings)

/** The gate, configured from {@link HttpSettings}. */
export const layer = Layer.effect(
  DemoGate,
  Effect.gen(function*() {
    const settings = yield* HttpSettings
    const limiter = makeRateLimiter(settings.demoRatePerMinute)
    return DemoGate.of(Effect.gen(function*() {
      if (!settings.demoEnabled) return yield* fail("404", "The demo API is switched off on this server")
      const request = yield* HttpServerRequest.HttpServerRequest
      if (!(yield* limiter.take(clientAddress(request, settings)))) {
        yield* countRefusal("demo")
        return yield* fail("429", `Too many requests: at most ${settings.demoRatePerMinute} a minute per address`)
      }
    }))
  })
)
