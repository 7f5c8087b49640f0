import { ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import * as Otlp from "../../adapters/telemetry/otlp.ts"
import { startOtlpReceiver, type OtlpReceiver } from "../fakes/otlp_receiver.ts"

const inner = Effect.fn("VideoRepository.insert")(function*(videoId: string) {
  yield* Effect.annotateCurrentSpan("video.id", videoId)
  yield* Effect.logInfo("inserted")
})

const publish = Effect.fn("publishVideo")(function*(videoId: string) {
  yield* inner(videoId)
  yield* Effect.withSpan(Effect.void, "aliyun.GetVideoInfo")
})

const request = publish("v-1").pipe(
  Effect.withSpan("http.server POST", { kind: "server", attributes: { "request.id": "req-1" } })
)

// Runs `effect` under layerConfig read from `env`; the layer is released (exporters flushed) before it returns.
const runUnder = <A, E>(env: Record<string, string>, effect: Effect.Effect<A, E>) =>
  Effect.runPromise(
    Effect.provide(effect, Otlp.layerConfig).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
  )

const settingsOf = (env: Record<string, string>) =>
  Effect.runPromise(
    Effect.either(Otlp.otlpSettings).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
  )

describe("adapters/telemetry/otlp layerConfig", () => {
  let receiver: OtlpReceiver
  beforeEach(async () => {
    receiver = await startOtlpReceiver()
  })
  afterEach(() => receiver.close())

  it("exports nested Effect.fn spans as one tree with service.name qu-appserver", async () => {
    await runUnder({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, request)
    const spans = receiver.spans()
    const byName = new Map(spans.map((span) => [span.name, span]))
    expect([...byName.keys()].sort()).toEqual(["VideoRepository.insert", "aliyun.GetVideoInfo", "http.server POST", "publishVideo"])
    const root = byName.get("http.server POST")!
    const useCase = byName.get("publishVideo")!
    expect(root.parentSpanId).toBeUndefined()
    expect(root.attributes["request.id"]).toBe("req-1")
    expect(useCase.parentSpanId).toBe(root.spanId)
    expect(byName.get("VideoRepository.insert")!.parentSpanId).toBe(useCase.spanId)
    expect(byName.get("VideoRepository.insert")!.attributes["video.id"]).toBe("v-1")
    expect(byName.get("aliyun.GetVideoInfo")!.parentSpanId).toBe(useCase.spanId)
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1)
    for (const span of spans) expect(span.resource["service.name"]).toBe("qu-appserver")
  })

  it("sends the log lines with the trace and span ids of the span they were written in", async () => {
    await runUnder({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, request)
    const insert = receiver.spans().find((span) => span.name === "VideoRepository.insert")!
    const records = receiver.exports.filter((e) => e.path === "/v1/logs")
      .flatMap((e) => e.body.resourceLogs.flatMap((rl: any) => rl.scopeLogs.flatMap((sl: any) => sl.logRecords)))
    const inserted = records.find((record: any) => record.body?.stringValue === "inserted")
    expect(inserted).toMatchObject({ traceId: insert.traceId, spanId: insert.spanId })
  })

  it("honours OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, the headers and a traces-only endpoint", async () => {
    await runUnder({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.endpoint}/v1/traces`,
      OTEL_SERVICE_NAME: "qu-staging",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=staging,team=video%20ops",
      OTEL_EXPORTER_OTLP_HEADERS: "x-otlp-key=s3cr%3Dt,x-tenant=qu"
    }, request)
    expect(receiver.exports.map((e) => e.path)).toEqual(["/v1/traces"])
    const [span] = receiver.spans()
    expect(span!.resource).toMatchObject({
      "service.name": "qu-staging",
      "deployment.environment": "staging",
      team: "video ops"
    })
    expect(receiver.exports[0]!.headers).toMatchObject({ "x-otlp-key": "s3cr=t", "x-tenant": "qu" })
  })

  it("is Layer.empty without an endpoint, or with OTEL_SDK_DISABLED=true: nothing sent, the tracer untouched", async () => {
    const defaultTracer = await Effect.runPromise(Effect.tracer)
    for (const env of [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SDK_DISABLED: "true" }]) {
      expect(await settingsOf(env)).toMatchObject({ _tag: "Right", right: Option.none() })
      const tracer = await runUnder(env, Effect.zipLeft(Effect.tracer, request))
      expect(tracer).toBe(defaultTracer)
    }
    expect(receiver.exports).toEqual([])
  })

  it("installs an exporting tracer only when an endpoint is set", async () => {
    const tracer = await runUnder({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, Effect.tracer)
    expect(tracer).not.toBe(await Effect.runPromise(Effect.tracer))
  })

  it("reads header values as redacted and refuses malformed lists without quoting them", async () => {
    const ok = await settingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://x", OTEL_EXPORTER_OTLP_HEADERS: "a=b" })
    expect(ok._tag).toBe("Right")
    if (ok._tag === "Right") {
      const [name, value] = Option.getOrThrow(ok.right).headers[0]!
      expect(name).toBe("a")
      expect(Redacted.isRedacted(value)).toBe(true)
      expect(String(value)).not.toContain("b")
    }
    const bad = await settingsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://x", OTEL_EXPORTER_OTLP_HEADERS: "apikey-topsecret" })
    expect(bad._tag).toBe("Left")
    if (bad._tag === "Left") {
      expect(String(bad.left)).toContain("OTEL_EXPORTER_OTLP_HEADERS")
      expect(String(bad.left)).not.toContain("topsecret")
    }
  })

  it("derives the per-signal URLs from the base, with per-signal overrides and exporters turned off", async () => {
    const settings = await settingsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://metrics:9000/otlp",
      OTEL_LOGS_EXPORTER: "none"
    })
    expect(settings._tag === "Right" && Option.getOrThrow(settings.right)).toMatchObject({
      traces: Option.some("http://collector:4318/v1/traces"),
      metrics: Option.some("http://metrics:9000/otlp"),
      logs: Option.none(),
      serviceName: "qu-appserver",
      protocol: "http/json"
    })
  })
})

// A Layer built from nothing is still a Layer: a compile-time check that layerConfig needs no services.
const _needsNothing: Layer.Layer<never, unknown, never> = Otlp.layerConfig
void _needsNothing
