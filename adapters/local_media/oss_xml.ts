import { HttpServerResponse } from "@effect/platform"
import { randomBytes } from "node:crypto"

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** `<Tag>value</Tag>` for each entry, values escaped; nested arrays of entries become repeated elements. */
export const elements = (fields: ReadonlyArray<readonly [string, string | number]>) =>
  fields.map(([tag, value]) => `<${tag}>${escape(String(value))}</${tag}>`).join("")

const XML = "application/xml"
const requestId = () => randomBytes(12).toString("hex").toUpperCase()

/** An OSS XML document `<root>…</root>` with HTTP 200. */
export const xmlResult = (root: string, inner: string, headers: Record<string, string> = {}) => {
  const id = requestId()
  return HttpServerResponse.text(`<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${inner}</${root}>`, {
    status: 200,
    contentType: XML,
    headers: { "x-oss-request-id": id, ...headers }
  })
}

/**
 * An OSS error as the SDKs parse it: `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId>…</Error>`
 * with its HTTP status (never 2xx) and the request id header.
 */
export const xmlError = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
  const id = requestId()
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${
    elements([["Code", code], ["Message", message], ["RequestId", id], ["HostId", "local-oss"]])
  }</Error>`
  return HttpServerResponse.text(body, { status, contentType: XML, headers: { "x-oss-request-id": id, ...headers } })
}
