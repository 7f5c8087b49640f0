import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { FAST_ROUTES } from "./fast_path_routes.ts"
import type { RequestInterceptor } from "./node_server.ts"
import { makeRequestLog, type RequestLogMode } from "./fast_path_log.ts"
import { ENVELOPE_HEAD, FastPath, type FastParams } from "./fast_path_table.ts"
import { redactedQuery, SECRET_PARAMETER } from "./redaction.ts"

const HEAD = Buffer.from(ENVELOPE_HEAD, "utf8")
const JSON_UTF8 = "application/json; charset=utf-8"
// Digits as the apps send them; anything else ("01", "1e3", " 1") is the app's to parse, with the same result.
const CANONICAL = /^(?:0|[1-9][0-9]{0,9})$/
const NONE: FastParams = []

/** The values of `names` in a raw query string, or undefined when only the app's full parser can tell. */
export const readParams = (names: ReadonlyArray<string>, query: string): FastParams | undefined => {
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
    if (values[i] !== undefined || !CANONICAL.test(value)) return undefined
    values[i] = value
  }
  return values
}

/**
 * The fast path of the catalogue reads (docs/decisions/0005): in front of the Effect app, it answers a GET of a
 * catalogue endpoint from the prepared answers of the {@link FastPath} table — the same envelope bytes with a fresh
 * request id, the X-Request-Id header and the request log line — and leaves every other request, every miss and
 * anything unusual (encoded names, duplicate or non-canonical values, a stale cache) to the app. Like the app, it
 * ignores the body of a GET (node discards what is left of it).
 */
export const makeFastPath = (logMode: RequestLogMode) => Effect.gen(function*() {
  const table = yield* FastPath
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
  const intercept: RequestInterceptor = (request, response) => {
    if (request.method !== "GET") return false
    const url = request.url ?? "/"
    const mark = url.indexOf("?")
    const path = mark === -1 ? url : url.slice(0, mark)
    const route = FAST_ROUTES.get(path)
    if (route === undefined) return false
    const query = mark === -1 ? "" : url.slice(mark + 1)
    const values = readParams(route.params, query)
    if (values === undefined) return false
    const started = Date.now()
    let tail: Buffer | undefined
    try {
      tail = table.tail(route, values.length === 0 ? path : `${path}?${values.join("&")}`, values, started)
    } catch {
      // The app answers the same request and logs whatever went wrong.
      return false
    }
    if (tail === undefined) return false
    const requestId = randomUUID()
    const body = Buffer.allocUnsafe(HEAD.length + 36 + tail.length)
    HEAD.copy(body, 0)
    body.write(requestId, HEAD.length, "latin1")
    tail.copy(body, HEAD.length + 36)
    response.writeHead(200, ["content-type", JSON_UTF8, "content-length", String(body.length), "x-request-id", requestId])
    response.end(body)
    log({
      requestId,
      method: "GET",
      path,
      query: loggedQuery(query),
      status: 200,
      code: "200",
      durationMs: Date.now() - started
    })
    return true
  }
  return intercept
})
