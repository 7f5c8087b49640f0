import { Clock, Effect } from "effect"

interface Bucket {
  tokens: number
  at: number
}

/**
 * Per-key token buckets: `perMinute` requests a minute with bursts up to `perMinute`. `take(key)` is true when the
 * request may go ahead. Idle full buckets are forgotten once `maxKeys` keys are tracked, so memory stays bounded.
 */
export const makeRateLimiter = (perMinute: number, maxKeys = 100_000) => {
  const buckets = new Map<string, Bucket>()
  const ratePerMs = perMinute / 60_000
  const refill = (bucket: Bucket, now: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs)
    bucket.at = now
  }
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, now)
      if (bucket.tokens >= perMinute) buckets.delete(key)
    }
    // Still full of active keys: drop the oldest ones rather than grow without bound.
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys) break
      buckets.delete(key)
    }
  }
  return {
    take: (key: string) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        let bucket = buckets.get(key)
        if (bucket === undefined) {
          if (buckets.size >= maxKeys) sweep(now)
          bucket = { tokens: perMinute, at: now }
          buckets.set(key, bucket)
        } else refill(bucket, now)
        if (bucket.tokens < 1) return false
        bucket.tokens -= 1
        return true
      })
  }
}
