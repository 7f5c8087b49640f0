import type { IncomingMessage, ServerResponse } from "node:http"
import type { ParsedRequest } from "./aliyun_fake_auth.ts"
import { decodeParams } from "./aliyun_signature.ts"

const maxBodyBytes = 1 << 20

/** The whole request body (at most 1 MiB). */
export const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Array<Buffer> = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBodyBytes) throw new Error("Cannot read the request: body larger than 1 MiB")
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** Path, raw query, lower-case headers, query and form params merged, and the signing style (ACS3 if Authorization). */
export const parseRequest = (req: IncomingMessage, body: Buffer): ParsedRequest => {
  const url = req.url ?? "/"
  const mark = url.indexOf("?")
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value
  }
  const query = mark < 0 ? "" : url.slice(mark + 1)
  const form = (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
  const params = { ...decodeParams(query), ...(form ? decodeParams(body.toString("utf8")) : {}) }
  const style = headers["authorization"] !== undefined ? "acs3" : "rpc"
  return { method: req.method ?? "GET", path: mark < 0 ? url : url.slice(0, mark), query, headers, body, params, style }
}

/** Answers a JSON body the way the gateway does (its RequestId also in x-acs-request-id). */
export const sendJson = (res: ServerResponse, status: number, body: Readonly<Record<string, unknown>>): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json;charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-acs-request-id": String(body["RequestId"])
  })
  res.end(text)
}

/** Answers an HTML page, as a proxy in front of the gateway does. */
export const sendHtml = (res: ServerResponse, status: number, html: string): void => {
  res.writeHead(status, { "content-type": "text/html", "content-length": Buffer.byteLength(html) })
  res.end(html)
}
