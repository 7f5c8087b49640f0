import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { acceptsGzip } from "../middleware/compression.ts"
import { type EdgeHeaders, mergeVary } from "../middleware/edge_headers.ts"
import type { PreparedTail } from "../wire/envelope_bytes.ts"
import { LIST_PARAMS, LIST_ROUTES, makeListLane, TOKEN } from "./lists.ts"
import { makeRequestLog, type RequestLogMode } from "./log.ts"
import { FAST_ROUTES } from "./routes.ts"
import { FastPath, type FastParams } from "./table.ts"
import type { RequestInterceptor } from "../node_server.ts"
import { redactedQuery, SECRET_PARAMETER } from "../wire/redaction.ts"
import { recordRequestNow } from "../../telemetry/metrics.ts"

const JSON_UTF8 = "application/json; charset=utf-8"
// Digits as the apps send them; anything else ("01", "1e3", " 1") is the app's to parse, with the same result.
const CANONICAL = /^(?:0|[1-9][0-9]{0,9})$/
const NONE: FastParams = []
const LIST_PATTERNS = LIST_PARAMS.map((name) => name === "token" ? TOKEN : CANONICAL)

/**
 * The values of `names` in a raw query string, each matching its pattern (canonical digits unless given), or
 * undefined when only the app's full parser can tell.
 */
export const readParams = (
  names: ReadonlyArray<string>,
  query: string,
  patterns?: ReadonlyArray<RegExp>
): FastParams | undefined => {
  if (names.length === 0) return NONE
  const values: Array<string | undefined> = names.map(() => undefined)
  if (query === "") return values
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=")
    const key = eq === -1 ? pair : pair.slice(0, eq)
    // An encoded name might be one of ours.
    if (key.includes("%") || key.includes("+")) return undefined
    const i = names.indexOf(key)
    if (i === -1) continue
    const value = eq === -1 ? "" : pair.slice(eq + 1)
    if (values[i] !== undefined || !(patterns?.[i] ?? CANONICAL).test(value)) return undefined
    values[i] = value
  }
  return values
}

/**
 * The read lane (docs/decisions/0005 and 0009): in front of the Effect app, it answers the GETs the apps repeat most —
 * the catalogue reads from the prepared answers of the {@link FastPath} table, both video lists from prepared pages
 * or through the lists' use cases — with the same envelope bytes the handlers write (one writer, envelope_bytes.ts)
 * and a fresh request id, the X-Request-Id header, the edge headers (edge_headers.ts, the app's policy), gzip when
 * the client accepts it, and the request log line. It
 * leaves every other request, every miss it cannot fill and anything unusual (encoded names, duplicate or
 * non-canonical values, a stale catalogue, a token the session cache does not hold, any failure) to the app. Like
 * the app, it ignores the body of a GET (node discards what is left of it).
 */
export const makeFastPath = (logMode: RequestLogMode, edge: EdgeHeaders) => Effect.gen(function*() {
  const table = yield* FastPath
  const lists = yield* makeListLane
  const log = yield* makeRequestLog(logMode)
  // Apps repeat the same few query strings; redact each once, as the middleware would (never keeping secret ones).
  const redacted = new Map<string, string>()
  const loggedQuery = (query: string) => {
    if (query === "") return ""
    let logged = redacted.get(query)
    if (logged === undefined) {
      logged = redactedQuery(new URLSearchParams(query))
      if (redacted.size < 1000 && !SECRET_PARAMETER.test(query)) redacted.set(query, logged)
    }
    return logged
  }
  const answer = (request: IncomingMessage, response: ServerResponse, tail: PreparedTail, path: string, query: string, started: number) => {
    const requestId = randomUUID()
    const headers = ["content-type", JSON_UTF8, "x-request-id", requestId]
    // The headers the app's edge middleware sets, by the same policy; then Vary as compression extends it.
    for (const [name, value] of edge.forAnswer(path, request.headers.origin)) headers.push(name, value)
    const vary = tail.compressible ? mergeVary(edge.vary, "accept-encoding") : edge.vary
    if (vary !== undefined) headers.push("vary", vary)
    const gzip = tail.compressible && acceptsGzip(request.headers["accept-encoding"])
    if (gzip) headers.push("content-encoding", "gzip")
    const body = gzip ? tail.gzipBody(requestId) : tail.body(requestId)
    headers.push("content-length", String(body.length))
    response.writeHead(200, headers)
    response.end(body)
    const durationMs = Date.now() - started
    log({ requestId, method: "GET", path, query: loggedQuery(query), status: 200, code: "200", durationMs })
    recordRequestNow({ route: path, code: "200", seconds: durationMs / 1000 })
  }
  const intercept: RequestInterceptor = (request, response, decline) => {
    if (request.method !== "GET") return false
    const url = request.url ?? "/"
    const mark = url.indexOf("?")
    const path = mark === -1 ? url : url.slice(0, mark)
    const query = mark === -1 ? "" : url.slice(mark + 1)
    const started = Date.now()
    const list = LIST_ROUTES.get(path)
    if (list !== undefined) {
      const values = readParams(LIST_PARAMS, query, LIST_PATTERNS)
      if (values === undefined) return false
      return lists(list, request, values, (tail) => {
        if (tail === undefined) decline()
        else answer(request, response, tail, path, query, started)
      })
    }
    const route = FAST_ROUTES.get(path)
    if (route === undefined) return false
    const values = readParams(route.params, query)
    if (values === undefined) return false
    let tail: PreparedTail | undefined
    try {
      tail = table.tail(route, values.length === 0 ? path : `${path}?${values.join("&")}`, values, started)
    } catch {
      // The app answers the same request and logs whatever went wrong.
      return false
    }
    if (tail === undefined) return false
    answer(request, response, tail, path, query, started)
    return true
  }
  return intercept
})
