import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { Duplex } from "node:stream"
import { failureJson } from "./wire/envelope.ts"

/**
 * Answers a request itself and returns true, or returns false (having touched nothing) to leave it to the app. A
 * request it kept may still be handed to the app later, untouched, with `decline` (for an asynchronous answer that
 * turned out to be the app's to give).
 */
export type RequestInterceptor = (request: IncomingMessage, response: ServerResponse, decline: () => void) => boolean

/** Limits of the node HTTP server; the URL and headers together may not exceed `maxHeaderBytes`. */
export interface NodeServerOptions {
  readonly maxHeaderBytes: number
  readonly requestTimeoutMs: number
  /** Sees every request before the app does (the catalogue fast path). */
  readonly intercept?: RequestInterceptor | undefined
}

// The app listens for "request" events; answering some of them before any listener runs is the only way past the
// per-request cost of the Effect runtime (docs/decisions/0005).
const interceptRequests = (server: Server, intercept: RequestInterceptor) => {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: Array<unknown>) => boolean
  server.emit = ((event: string | symbol, ...args: Array<unknown>): boolean =>
    (event === "request" &&
      intercept(args[0] as IncomingMessage, args[1] as ServerResponse, () => emit(event, ...args))) ||
    emit(event, ...args)) as Server["emit"]
}

// Errors node answers before any handler runs (oversized URL or headers, malformed HTTP) would get a bare 400/431;
// the apps need the envelope, so answer it on the socket directly.
const answerClientError = (error: Error & { readonly code?: string }, socket: Duplex) => {
  if (!socket.writable) return socket.destroy()
  const message = error.code === "HPE_HEADER_OVERFLOW"
    ? "Request URL and headers are larger than the server's limit"
    : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
    ? "Request took too long to arrive"
    : "Malformed HTTP request"
  const requestId = randomUUID()
  const body = JSON.stringify(failureJson({ requestId, code: "400", message }))
  socket.end(
    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n" +
      "Connection: close\r\n" +
      `X-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

/** A node:http server with our limits and envelope answers for client errors. */
export const makeNodeServer = (options: NodeServerOptions) => (): Server => {
  const server = createServer({
    maxHeaderSize: options.maxHeaderBytes,
    requestTimeout: options.requestTimeoutMs,
    keepAliveTimeout: 5_000
  })
  server.on("clientError", answerClientError)
  if (options.intercept !== undefined) interceptRequests(server, options.intercept)
  return server
}
