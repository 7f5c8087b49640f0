import { Metric } from "effect"

/**
 * The metrics core itself counts. Pure `effect` definitions: the adapters read them from the global registry
 * (adapters/telemetry/prometheus.ts, and OTLP when enabled), so core needs no telemetry port.
 */

/** Lookups of the STS credential cache (core/caches/credential_cache.ts), tagged `result` = `hit` | `miss`. */
export const stsCacheLookups = Metric.counter("qu_sts_cache_lookups", {
  description: "Lookups of the STS credential cache, by result (hit: reused; miss: a call to the issuer)",
  incremental: true
})

/** One STS cache lookup served from the kept credentials. */
export const stsCacheHit = Metric.tagged(stsCacheLookups, "result", "hit")

/** One STS cache lookup that had to call (or join a call to) the issuer. */
export const stsCacheMiss = Metric.tagged(stsCacheLookups, "result", "miss")

/** Requests refused by a rate limit, tagged `limiter` (an attempt scope, `hashing`, `demo`, `pending_uploads` …). */
export const rateLimitRefusals = Metric.counter("qu_rate_limit_refusals", {
  description: "Requests refused by a rate limit, by limiter",
  incremental: true
})

/** Counts one refusal by the named limiter. */
export const countRefusal = (limiter: string) => Metric.increment(Metric.tagged(rateLimitRefusals, "limiter", limiter))
