import { request } from "node:http"
import { connect } from "node:net"

/** An answer as node:http reads it: status, lower-case headers, the body as sent (not gunzipped). */
export interface RawHttpAnswer {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: Buffer
}

/** One request with exactly these headers (fetch would drop some and gunzip the body). */
export const rawHttp = (
  url: string,
  options: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string } = {}
) =>
  new Promise<RawHttpAnswer>((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? "GET", headers: options.headers ?? {} }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (c: Buffer) => chunks.push(c))
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    outgoing.on("error", reject)
    outgoing.end(options.body)
  })

/** Bytes written to a fresh connection as they are, and everything the server sends back until it closes. */
export const rawSocket = (url: string, bytes: string) =>
  new Promise<string>((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname, () => socket.write(bytes))
    const chunks: Array<Buffer> = []
    socket.on("data", (c: Buffer) => chunks.push(c))
    socket.on("error", reject)
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")))
  })
