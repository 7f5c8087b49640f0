import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

/** One export as received: the signal's path, its headers and its parsed JSON body. */
export interface OtlpExport {
  readonly path: "/v1/traces" | "/v1/metrics" | "/v1/logs"
  readonly headers: IncomingHttpHeaders
  readonly body: any
}

/** A span flattened out of an OTLP/JSON traces body, with its resource's attributes. */
export interface ReceivedSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string | undefined
  readonly name: string
  readonly kind: number
  readonly attributes: Record<string, unknown>
  readonly resource: Record<string, unknown>
  readonly status: { readonly code?: number; readonly message?: string } | undefined
}

/** An in-process OTLP/HTTP JSON receiver: what it got, where it listens, how to stop it. */
export interface OtlpReceiver {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string
  readonly exports: ReadonlyArray<OtlpExport>
  /** Every span received so far, in arrival order. */
  readonly spans: () => ReadonlyArray<ReceivedSpan>
  readonly close: () => Promise<void>
}

// OTLP/JSON AnyValue to a plain value (ints arrive as strings or numbers).
const plain = (value: any): unknown => {
  if (value === null || typeof value !== "object") return value
  if ("stringValue" in value) return value.stringValue
  if ("boolValue" in value) return value.boolValue
  if ("intValue" in value) return Number(value.intValue)
  if ("doubleValue" in value) return value.doubleValue
  if ("arrayValue" in value) return (value.arrayValue.values ?? []).map(plain)
  if ("kvlistValue" in value) return attributesOf(value.kvlistValue.values)
  return undefined
}

/** OTLP/JSON `KeyValue[]` as a record. */
export const attributesOf = (list: ReadonlyArray<{ key: string; value: unknown }> | undefined) =>
  Object.fromEntries((list ?? []).map(({ key, value }) => [key, plain(value)]))

const PATHS = new Set(["/v1/traces", "/v1/metrics", "/v1/logs"])

/**
 * Starts a receiver on 127.0.0.1 (a free port) answering POST /v1/traces, /v1/metrics and /v1/logs with 200 `{}`
 * (JSON bodies only: a protobuf export gets 415), and anything else with 404.
 */
export const startOtlpReceiver = async (): Promise<OtlpReceiver> => {
  const exports: Array<OtlpExport> = []
  const server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const path = (request.url ?? "").split("?")[0] ?? ""
      if (request.method !== "POST" || !PATHS.has(path)) {
        response.writeHead(404).end()
        return
      }
      if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
        response.writeHead(415).end()
        return
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
        exports.push({ path: path as OtlpExport["path"], headers: request.headers, body })
        response.writeHead(200, { "content-type": "application/json" }).end("{}")
      } catch {
        response.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    exports,
    spans: () =>
      exports.filter((e) => e.path === "/v1/traces").flatMap((e) =>
        (e.body.resourceSpans ?? []).flatMap((rs: any) => {
          const resource = attributesOf(rs.resource?.attributes)
          return (rs.scopeSpans ?? []).flatMap((ss: any) =>
            (ss.spans ?? []).map((span: any): ReceivedSpan => ({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId === "" ? undefined : span.parentSpanId,
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
              resource,
              status: span.status
            }))
          )
        })
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
