import { Effect, Metric, MetricBoundaries, MetricLabel } from "effect"

/**
 * The server's metrics, as `effect` Metrics in the global registry: /metrics (prometheus.ts) and the OTLP exporter
 * (otlp.ts) read them from there. Metrics core counts itself live in core/domain/metrics.ts.
 */
export { countRefusal, rateLimitRefusals, stsCacheHit, stsCacheLookups, stsCacheMiss } from "../../core/domain/metrics.ts"

/** Seconds; from 5 ms (a cached read) to 10 s (the request timeout is 30 s; slower ones land in +Inf). */
export const LATENCY_BOUNDARIES = MetricBoundaries.fromIterable([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
])

/** Requests answered by the Effect app, tagged `route` and `code` (the envelope code, else the HTTP status). */
export const httpRequests = Metric.counter("qu_http_requests", {
  description: "HTTP requests answered, by route and envelope code",
  incremental: true
})

/** Time from the request middleware's start to its answer, in seconds, tagged `route`. */
export const httpRequestDuration = Metric.histogram(
  "qu_http_request_duration_seconds",
  LATENCY_BOUNDARIES,
  "HTTP request latency in seconds, by route"
)

/** VOD callbacks received, tagged `outcome` (e.g. stored, duplicate, bad_signature, bad_body, unavailable, error). */
export const vodCallbacks = Metric.counter("qu_vod_callbacks", {
  description: "VOD event callbacks received, by outcome",
  incremental: true
})

/** Jobs due and not yet done. */
export const jobQueueDepth = Metric.gauge("qu_job_queue_depth", { description: "Jobs due and not yet done" })

/** Age in seconds of the oldest job due (0 when none). */
export const jobQueueOldestAge = Metric.gauge("qu_job_queue_oldest_age_seconds", {
  description: "Age in seconds of the oldest due job; 0 when the queue is empty"
})

/** Database connections, tagged `state` = `active` | `idle`. */
export const dbPoolConnections = Metric.gauge("qu_db_pool_connections", {
  description: "Database pool connections, by state"
})

/** Callers waiting for a database connection. */
export const dbPoolWaiting = Metric.gauge("qu_db_pool_waiting", { description: "Callers waiting for a pool connection" })

/** The most connections the pool opens. */
export const dbPoolMax = Metric.gauge("qu_db_pool_max", { description: "Largest size of the database pool" })

// Tagged metrics are cached: route and code labels are a bounded set, and a metric object keeps its key's hash
// (tagged once, with taggedWithLabels: a tagged metric tagged again builds a new key on every update).
const requestCounters = new Map<string, Metric.Metric.Counter<number>>()
const requestHistograms = new Map<string, typeof httpRequestDuration>()
const callbackCounters = new Map<string, Metric.Metric.Counter<number>>()

const cached = <M>(cache: Map<string, M>, key: string, make: () => M): M => {
  let metric = cache.get(key)
  if (metric === undefined) {
    metric = make()
    cache.set(key, metric)
  }
  return metric
}

/** Records one answered request: counted by route and code, its latency by route. */
export const recordRequest = (request: { readonly route: string; readonly code: string; readonly seconds: number }) =>
  Effect.zipRight(
    Metric.increment(cached(requestCounters, `${request.route}\n${request.code}`, () =>
      Metric.taggedWithLabels(httpRequests, [MetricLabel.make("route", request.route), MetricLabel.make("code", request.code)]))),
    Metric.update(
      cached(requestHistograms, request.route, () => Metric.tagged(httpRequestDuration, "route", request.route)),
      request.seconds
    )
  )

/**
 * {@link recordRequest} outside any fiber, for the read lane, which answers in front of the Effect app: the same
 * series, so /metrics counts every request whoever answered it.
 */
export const recordRequestNow = (request: { readonly route: string; readonly code: string; readonly seconds: number }) => {
  cached(requestCounters, `${request.route}\n${request.code}`, () =>
    Metric.taggedWithLabels(httpRequests, [MetricLabel.make("route", request.route), MetricLabel.make("code", request.code)])).unsafeUpdate(1, [])
  cached(requestHistograms, request.route, () => Metric.tagged(httpRequestDuration, "route", request.route))
    .unsafeUpdate(request.seconds, [])
}

/** Counts one VOD callback by outcome. */
export const countCallback = (outcome: string) =>
  Metric.increment(cached(callbackCounters, outcome, () => Metric.tagged(vodCallbacks, "outcome", outcome)))

/** Sets the job queue gauges from a sample: jobs due, and the age of the oldest due one (seconds; 0 when none). */
export const recordJobQueue = (sample: { readonly depth: number; readonly oldestAgeSeconds: number }) =>
  Effect.zipRight(Metric.set(jobQueueDepth, sample.depth), Metric.set(jobQueueOldestAge, sample.oldestAgeSeconds))

const poolActive = Metric.tagged(dbPoolConnections, "state", "active")
const poolIdle = Metric.tagged(dbPoolConnections, "state", "idle")

/** Sets the pool gauges from a sample (node-postgres: `totalCount`, `idleCount`, `waitingCount`, `options.max`). */
export const recordPool = (sample: {
  readonly total: number
  readonly idle: number
  readonly waiting: number
  readonly max: number
}) =>
  Effect.all([
    Metric.set(poolActive, Math.max(0, sample.total - sample.idle)),
    Metric.set(poolIdle, sample.idle),
    Metric.set(dbPoolWaiting, sample.waiting),
    Metric.set(dbPoolMax, sample.max)
  ], { discard: true })
