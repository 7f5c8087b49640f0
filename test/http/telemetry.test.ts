import { Duration, Option, Redacted } from "effect"
import { createServer } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as MetricsRoute from "../../adapters/telemetry/metrics_route.ts"
import * as Otlp from "../../adapters/telemetry/otlp.ts"
import { pgliteDatabase } from "../../composition/databases.ts"
import { startTestServer, type TestServer } from "../../composition/test_root.ts"
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../fakes/otlp_receiver.ts"

const SERVER_KIND = 2 // OTLP SpanKind SERVER

const tracesTo = (receiver: OtlpReceiver): Otlp.OtlpSettings => ({
  traces: Option.some(`${receiver.endpoint}/v1/traces`),
  metrics: Option.none(),
  logs: Option.none(),
  protocol: "http/json",
  headers: [],
  serviceName: Otlp.DEFAULT_SERVICE_NAME,
  serviceVersion: undefined,
  attributes: {},
  tracesInterval: Duration.seconds(1),
  metricsInterval: Duration.seconds(60),
  logsInterval: Duration.seconds(1)
})

const getJson = async (base: string, path: string, params: Record<string, string> = {}, init?: RequestInit) => {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`, init)
  return { status: response.status, json: await response.json() as any }
}

const postForm = (base: string, path: string, params: Record<string, string>) =>
  getJson(base, path, {}, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString()
  })

const ancestors = (spans: ReadonlyArray<ReceivedSpan>, span: ReceivedSpan) => {
  const byId = new Map(spans.map((s) => [s.spanId, s]))
  const chain: Array<ReceivedSpan> = []
  for (let at = span.parentSpanId; at !== undefined;) {
    const parent = byId.get(at)
    if (parent === undefined) break
    chain.push(parent)
    at = parent.parentSpanId
  }
  return chain
}

const SECRET_HEADER_VALUE = "5ecret-header-value-6f1e2d3c"

describe("HTTP telemetry: spans of a publish", () => {
  let receiver: OtlpReceiver

  beforeAll(async () => {
    receiver = await startOtlpReceiver()
  })
  afterAll(() => receiver.close())

  it("a publish exports request span → publishVideo span → SQL span, with the request id of the log line", async () => {
    const server = await startTestServer({ database: pgliteDatabase(), telemetry: Otlp.layer(tracesTo(receiver)) })
    let requestId: string
    let token: string
    try {
      const user = (await getJson(server.url, "/user/randomUser")).json.data
      token = user.token
      const { videoId } = (await getJson(server.url, "/vod/getVideoUploadAuth", {
        token: user.token,
        title: "t",
        fileName: "clip.mp4"
      })).json.data
      const published = await postForm(server.url, "/vod/videoPublish", { token: user.token, videoId, title: "traced" })
      expect(published.json.code).toBe("200")
      requestId = published.json.requestId
      // Secret headers of the callback and the object store: spans record request headers, but never these values.
      await fetch(`${server.url}/vodcallback/callback`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-vod-timestamp": "1", "x-vod-signature": SECRET_HEADER_VALUE },
        body: "{}"
      })
      await fetch(`${server.url}/local/sv/nothing/clip.mp4`, {
        method: "PUT",
        headers: { "x-oss-security-token": SECRET_HEADER_VALUE },
        body: "x"
      })
    } finally {
      await server.close() // flushes the exporter
    }
    const spans = receiver.spans()
    const request = spans.find((s) => s.kind === SERVER_KIND && s.attributes["request.id"] === requestId)
    expect(request, "a server span carries the envelope's request id").toBeDefined()
    expect(request!.resource["service.name"]).toBe("qu-appserver")
    // getVideoUploadAuth carried the token in its query: the span's URL attributes must not.
    const withQuery = spans.find((s) => s.kind === SERVER_KIND && s.attributes["url.path"] === "/vod/getVideoUploadAuth")
    expect(withQuery).toBeDefined()
    expect(JSON.stringify(withQuery!.attributes)).not.toContain(token)
    expect(spans.some((s) => s.attributes["url.path"] === "/vodcallback/callback"), "the callback was traced").toBe(true)
    expect(JSON.stringify(spans)).not.toContain(SECRET_HEADER_VALUE)
    const publish = spans.find((s) => s.name === "publishVideo" && ancestors(spans, s).includes(request!))
    expect(publish, "publishVideo runs inside the request span").toBeDefined()
    const sql = spans.filter((s) => s.name === "sql.execute" && ancestors(spans, s).includes(publish!))
    expect(sql.length, "SQL statements run inside the use case span").toBeGreaterThan(0)
    expect(sql.every((s) => typeof s.attributes["db.query.text"] === "string")).toBe(true)
    const line = server.logs.map((l) => JSON.parse(l)).find((l) => l.message === "http request" && l.annotations?.requestId === requestId)
    expect(line?.annotations.path).toBe("/vod/videoPublish")
  })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

const parseExposition = (text: string) =>
  text.split("\n").filter((line) => line !== "" && !line.startsWith("#")).map((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line)
    if (match === null) throw new Error(`not a sample line: ${line}`)
    return { name: match[1]!, labels: match[2] ?? "", value: Number(match[3]!.replace("+Inf", "Infinity")) }
  })

describe("HTTP telemetry: GET /metrics", () => {
  let server: TestServer
  let metricsPort: number

  beforeAll(async () => {
    metricsPort = await freePort()
    server = await startTestServer({
      metrics: {
        token: Option.some(Redacted.make("scrape-secret")),
        port: Option.some(metricsPort),
        host: "127.0.0.1"
      } satisfies MetricsRoute.MetricsSettings,
      // No job worker: a publish's jobs stay queued, so the job queue gauges have something to show.
      jobWorkerIdle: null
    })
  })
  afterAll(() => server.close())

  const scrapeSamples = async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer scrape-secret" } })
    expect(response.status).toBe(200)
    return parseExposition(await response.text())
  }

  it("answers 401 without the bearer token, and the Prometheus text with it", async () => {
    const before = await scrapeSamples()
    const job = (samples: ReturnType<typeof parseExposition>, name: string) =>
      samples.find((s) => s.name === name && s.labels === "")?.value
    expect(job(before, "qu_job_queue_depth")).toBe(0)
    expect(job(before, "qu_job_queue_oldest_age_seconds")).toBe(0)
    const user = (await getJson(server.url, "/user/randomUser")).json.data
    const { videoId } = (await getJson(server.url, "/vod/getVideoUploadAuth", {
      token: user.token,
      title: "t",
      fileName: "clip.mp4"
    })).json.data
    expect((await postForm(server.url, "/vod/videoPublish", { token: user.token, videoId, title: "queued" })).json.code)
      .toBe("200")
    await new Promise((resolve) => setTimeout(resolve, 20))
    await getJson(server.url, "/no/such/endpoint")
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401)
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer scrape-secret" } })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8")
    const samples = parseExposition(await response.text())
    const value = (name: string, labels: string) => samples.find((s) => s.name === name && s.labels === labels)?.value
    expect(value("qu_http_requests_total", "{code=\"200\",route=\"/user/randomUser\"}")).toBeGreaterThanOrEqual(1)
    expect(value("qu_http_requests_total", "{code=\"404\",route=\"unmatched\"}")).toBeGreaterThanOrEqual(1)
    expect(value("qu_http_request_duration_seconds_count", "{route=\"/user/randomUser\"}")).toBeGreaterThanOrEqual(1)
    expect(value("qu_http_request_duration_seconds_bucket", "{route=\"/user/randomUser\",le=\"+Inf\"}"))
      .toBe(value("qu_http_request_duration_seconds_count", "{route=\"/user/randomUser\"}"))
    // Sampled before each scrape: the publish's jobs wait (no worker), the oldest since the publish.
    expect(value("qu_job_queue_depth", "")).toBeGreaterThanOrEqual(1)
    expect(value("qu_job_queue_oldest_age_seconds", "")).toBeGreaterThan(0)
    expect(value("qu_job_queue_oldest_age_seconds", "")).toBeLessThan(60)
  })

  it("serves the same text without a token on the separate loopback port, and 404 elsewhere there", async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain("# TYPE qu_http_requests_total counter")
    expect((await fetch(`http://127.0.0.1:${metricsPort}/user/randomUser`)).status).toBe(404)
  })

  it("has no /metrics route when no token is configured: the usual not-found envelope", async () => {
    const plain = await startTestServer({})
    try {
      const answer = await getJson(plain.url, "/metrics")
      expect([answer.status, answer.json.code]).toEqual([200, "404"])
    } finally {
      await plain.close()
    }
  })
})
