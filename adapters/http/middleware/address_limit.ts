import { HttpServerRequest } from "@effect/platform"
import { Effect } from "effect"
import { countRefusal } from "../../../core/domain/metrics.ts"
import type { HttpSettings } from "../http_settings.ts"
import { fail } from "../wire/envelope.ts"
import { clientAddress } from "./client_key.ts"
import { makeRateLimiter } from "./rate_limiter.ts"

/**
 * A check of the current request against a limiter of its own: at most QU_DEMO_RATE requests a minute per client
 * address, then "429" (counted under `limiter` in qu_rate_limit_refusals_total).
 */
export const makeAddressLimit = (settings: HttpSettings["Type"], limiter: string) => {
  const buckets = makeRateLimiter(settings.demoRatePerMinute)
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!(yield* buckets.take(clientAddress(request, settings)))) {
      yield* countRefusal(limiter)
      return yield* fail("429", `Too many requests: at most ${settings.demoRatePerMinute} a minute per address`)
    }
  })
}
