import type * as HttpClient from "@effect/platform/HttpClient"
import type { OtlpSerialization } from "@effect/opentelemetry/OtlpSerialization"
import {
  Config,
  ConfigError,
  ConfigProvider,
  Duration,
  Effect,
  Either,
  FiberRef,
  Layer,
  Logger,
  Option,
  Redacted
} from "effect"

/** The service name spans, metrics and logs carry unless OTEL_SERVICE_NAME (or `service.name`) says otherwise. */
export const DEFAULT_SERVICE_NAME = "qu-appserver"

/** Where each signal goes (absent: not exported), and how; read by {@link otlpSettings}. */
export interface OtlpSettings {
  readonly traces: Option.Option<string>
  readonly metrics: Option.Option<string>
  readonly logs: Option.Option<string>
  readonly protocol: "http/json" | "http/protobuf"
  /** Sent with every export; values stay redacted until handed to the HTTP client. */
  readonly headers: ReadonlyArray<readonly [string, Redacted.Redacted<string>]>
  readonly serviceName: string
  readonly serviceVersion: string | undefined
  readonly attributes: Readonly<Record<string, string>>
  readonly tracesInterval: Duration.Duration
  readonly metricsInterval: Duration.Duration
  readonly logsInterval: Duration.Duration
}

const invalid = (name: string, message: string) => ConfigError.InvalidData([name], message)

const decode = (text: string) => {
  try {
    return decodeURIComponent(text.trim())
  } catch {
    return undefined
  }
}

// `k=v,k2=v2` (W3C baggage style, values percent-encoded). Errors name the entry's position, never its content.
const keyValues = (name: string, text: string): Either.Either<Array<[string, string]>, ConfigError.ConfigError> => {
  const out: Array<[string, string]> = []
  const entries = text.split(",").filter((entry) => entry.trim() !== "")
  for (const [index, entry] of entries.entries()) {
    const at = entry.indexOf("=")
    const key = at > 0 ? decode(entry.slice(0, at)) : undefined
    const value = at > 0 ? decode(entry.slice(at + 1)) : undefined
    if (key === undefined || key === "" || value === undefined) {
      return Either.left(invalid(name, `entry ${index + 1} is not key=value (percent-encoded)`))
    }
    out.push([key, value])
  }
  return Either.right(out)
}

const optionalString = (name: string) =>
  Config.string(name).pipe(Config.map((s) => s.trim()), Config.option, Config.map(Option.filter((s) => s !== "")))

const exporterOn = (name: string) =>
  Config.literal("otlp", "none")(name).pipe(Config.withDefault("otlp" as const), Config.map((v) => v === "otlp"))

const millis = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive number of milliseconds", validation: (n) => n > 0 }),
    Config.withDefault(fallback),
    Config.map(Duration.millis)
  )

const signalUrl = (base: Option.Option<string>, specific: Option.Option<string>, path: string, on: boolean) =>
  on ? Option.orElse(specific, () => Option.map(base, (url) => `${url.replace(/\/+$/, "")}${path}`)) : Option.none()

/**
 * The OTLP settings from the standard OTEL_* variables, or none when nothing is to be exported: no endpoint set, or
 * OTEL_SDK_DISABLED=true. OTEL_EXPORTER_OTLP_ENDPOINT is the base (`/v1/traces`, `/v1/metrics`, `/v1/logs` are
 * appended); OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT are used as they are; OTEL_{TRACES,METRICS,LOGS}_EXPORTER
 * =none turns one signal off.
 */
export const otlpSettings: Config.Config<Option.Option<OtlpSettings>> = Config.all({
  disabled: Config.boolean("OTEL_SDK_DISABLED").pipe(Config.withDefault(false)),
  base: optionalString("OTEL_EXPORTER_OTLP_ENDPOINT"),
  tracesUrl: optionalString("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
  metricsUrl: optionalString("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
  logsUrl: optionalString("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"),
  tracesOn: exporterOn("OTEL_TRACES_EXPORTER"),
  metricsOn: exporterOn("OTEL_METRICS_EXPORTER"),
  logsOn: exporterOn("OTEL_LOGS_EXPORTER"),
  protocol: Config.literal("http/json", "http/protobuf")("OTEL_EXPORTER_OTLP_PROTOCOL").pipe(
    Config.withDefault("http/json" as const)
  ),
  headers: Config.redacted("OTEL_EXPORTER_OTLP_HEADERS").pipe(
    Config.mapOrFail((secret) =>
      Either.map(
        keyValues("OTEL_EXPORTER_OTLP_HEADERS", Redacted.value(secret)),
        (pairs) => pairs.map(([key, value]) => [key, Redacted.make(value)] as const)
      )
    ),
    Config.withDefault([] as ReadonlyArray<readonly [string, Redacted.Redacted<string>]>)
  ),
  serviceName: optionalString("OTEL_SERVICE_NAME"),
  attributes: Config.string("OTEL_RESOURCE_ATTRIBUTES").pipe(
    Config.mapOrFail((text) => keyValues("OTEL_RESOURCE_ATTRIBUTES", text)),
    Config.withDefault([] as Array<[string, string]>)
  ),
  tracesInterval: millis("OTEL_BSP_SCHEDULE_DELAY", 5_000),
  metricsInterval: millis("OTEL_METRIC_EXPORT_INTERVAL", 60_000),
  logsInterval: millis("OTEL_BLRP_SCHEDULE_DELAY", 1_000)
}).pipe(Config.map((c): Option.Option<OtlpSettings> => {
  if (c.disabled) return Option.none()
  const traces = signalUrl(c.base, c.tracesUrl, "/v1/traces", c.tracesOn)
  const metrics = signalUrl(c.base, c.metricsUrl, "/v1/metrics", c.metricsOn)
  const logs = signalUrl(c.base, c.logsUrl, "/v1/logs", c.logsOn)
  if (Option.isNone(traces) && Option.isNone(metrics) && Option.isNone(logs)) return Option.none()
  const attributes = Object.fromEntries(c.attributes)
  const { "service.name": namedInAttributes, "service.version": serviceVersion, ...rest } = attributes
  return Option.some({
    traces,
    metrics,
    logs,
    protocol: c.protocol,
    headers: c.headers,
    serviceName: Option.getOrElse(c.serviceName, () => namedInAttributes ?? DEFAULT_SERVICE_NAME),
    serviceVersion,
    attributes: rest,
    tracesInterval: c.tracesInterval,
    metricsInterval: c.metricsInterval,
    logsInterval: c.logsInterval
  })
}))

/**
 * The exporters of the given settings: a tracer (every span: requests, use cases, SQL statements, cloud calls), the
 * metrics of the global registry, and the log lines (with their trace and span ids), each over OTLP/HTTP with the
 * platform's fetch client. Loaded with dynamic imports, so a server without OTLP never loads the exporter code.
 * Buffers are flushed when the layer is released.
 */
export const layer = (settings: OtlpSettings): Layer.Layer<never> =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const [OtlpTracer, OtlpMetrics, OtlpLogger, Serialization, FetchHttpClient, Headers] = yield* Effect.promise(
      () =>
        Promise.all([
          import("@effect/opentelemetry/OtlpTracer"),
          import("@effect/opentelemetry/OtlpMetrics"),
          import("@effect/opentelemetry/OtlpLogger"),
          import("@effect/opentelemetry/OtlpSerialization"),
          import("@effect/platform/FetchHttpClient"),
          import("@effect/platform/Headers")
        ])
    )
    const headers = Object.fromEntries(settings.headers.map(([key, value]) => [key, Redacted.value(value)]))
    const resource = {
      serviceName: settings.serviceName,
      serviceVersion: settings.serviceVersion,
      attributes: settings.attributes
    }
    const common = { resource, headers, shutdownTimeout: Duration.seconds(3) }
    // The exporters read OTEL_RESOURCE_ATTRIBUTES again unless hidden: the resource above is already complete.
    // Their export fibers inherit the redacted header names, so a failed export never prints a header value.
    const quietly = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.flatMap(
        Effect.map(FiberRef.get(Headers.currentRedactedNames), (names) => [...names, ...Object.keys(headers)]),
        (names) =>
          effect.pipe(
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map())),
            Effect.locally(Headers.currentRedactedNames, names)
          )
      )
    const serialization = settings.protocol === "http/json"
      ? Serialization.layerJson
      : Serialization.layerProtobuf
    const needs = Layer.merge(serialization, FetchHttpClient.layer)
    const signals: Array<Layer.Layer<never, never, HttpClient.HttpClient | OtlpSerialization>> = []
    if (Option.isSome(settings.traces)) {
      const url = settings.traces.value
      signals.push(Layer.unwrapScoped(Effect.map(
        quietly(OtlpTracer.make({ ...common, url, exportInterval: settings.tracesInterval })),
        Layer.setTracer
      )))
    }
    if (Option.isSome(settings.metrics)) {
      const url = settings.metrics.value
      signals.push(Layer.scopedDiscard(quietly(OtlpMetrics.make({ ...common, url, exportInterval: settings.metricsInterval }))))
    }
    if (Option.isSome(settings.logs)) {
      const url = settings.logs.value
      signals.push(Logger.addScoped(quietly(OtlpLogger.make({ ...common, url, exportInterval: settings.logsInterval }))))
    }
    return Layer.mergeAll(Layer.empty, ...signals).pipe(Layer.provide(needs))
  }))

/**
 * OTLP export from the environment ({@link otlpSettings}): `Layer.empty` when no endpoint is set (or the SDK is
 * disabled), so the default no-export tracer stays and nothing is loaded. Provide it under the server layer, so the
 * tracer and logger it installs reach every fiber the server starts.
 */
export const layerConfig: Layer.Layer<never, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.map(otlpSettings, Option.match({ onNone: () => Layer.empty, onSome: layer }))
)
