import { HttpApp, HttpMiddleware, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { DOCS_PATH, withDocsPolicy } from "./docs_policy.ts"

/** Header names and values, lower-case names, in the order they are set. */
export type HeaderPairs = ReadonlyArray<readonly [string, string]>

/**
 * Paths whose answers carry a credential, a token or a signed URL (or whose request carries a password): no cache
 * may keep them. Login and randomUser hand out tokens; register takes a password, often in the query; the STS,
 * upload and play-auth calls hand out cloud credentials; getVideoById and getPlayPath hand out signed play URLs.
 */
export const NO_STORE_PATHS: ReadonlySet<string> = new Set([
  "/user/login",
  "/user/register",
  "/user/randomUser",
  ...["/vod", "/demo"].flatMap((group) =>
    ["getSts", "getVideoUploadAuth", "refreshVideoUploadAuth", "getImageUploadAuth"].map((call) => `${group}/${call}`)
  ),
  "/demo/getVideoPlayAuth",
  "/player/getVideoSts",
  "/player/getVideoPlayAuth",
  "/vodVideo/getVideoById",
  "/music/getPlayPath"
])

/** Whether `text` is an origin exactly as a browser sends it: `http(s)://host[:port]`, lower case, no path. */
export const isExactOrigin = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === text
  } catch {
    return false
  }
}

/** `value` with `token` added to it as a Vary list (case-insensitively once). */
export const mergeVary = (value: string | undefined, token: string): string =>
  value === undefined || value === ""
    ? token
    : value.toLowerCase().split(",").some((t) => t.trim() === token || t.trim() === "*")
    ? value
    : `${value}, ${token}`

const NOSNIFF = ["x-content-type-options", "nosniff"] as const
const NO_STORE = ["cache-control", "no-store"] as const

/** The headers of the HTTP edge: one policy for the Effect app ({@link middleware}) and the read lane alike. */
export interface EdgeHeaders {
  /** Headers an answer to `path` carries for a request with this Origin header (Vary aside, see `vary`). */
  readonly forAnswer: (path: string, origin: string | undefined) => HeaderPairs
  /** The Vary token every answer carries: "origin" while CORS is on. */
  readonly vary: string | undefined
  /** The headers of a 204 answer to a CORS preflight (OPTIONS) from a listed origin; undefined for any other request. */
  readonly preflight: (headers: { readonly [name: string]: string | undefined }) => HeaderPairs | undefined
}

/**
 * The edge policy: `X-Content-Type-Options: nosniff` on every answer, `Cache-Control: no-store` on
 * {@link NO_STORE_PATHS}, and CORS for the exact origins listed (none: off). A listed Origin gets
 * `Access-Control-Allow-Origin` with that origin (never `*`, no credentials: the token travels in a header or the
 * query, never in a cookie), an unlisted one nothing; every answer then says `Vary: Origin`.
 */
export const makeEdgeHeaders = (settings: { readonly corsOrigins: ReadonlyArray<string> }): EdgeHeaders => {
  const origins = new Set(settings.corsOrigins)
  const plain: HeaderPairs = [NOSNIFF]
  const noStore: HeaderPairs = [NOSNIFF, NO_STORE]
  const listed = (origin: string | undefined): origin is string => origin !== undefined && origins.has(origin)
  return {
    forAnswer: (path, origin) => {
      const base = NO_STORE_PATHS.has(path) ? noStore : plain
      return listed(origin)
        ? [...base, ["access-control-allow-origin", origin], ["access-control-expose-headers", "x-request-id"]]
        : base
    },
    vary: origins.size > 0 ? "origin" : undefined,
    preflight: (headers) => {
      const origin = headers["origin"]
      if (!listed(origin) || headers["access-control-request-method"] === undefined) return undefined
      return [
        NOSNIFF,
        ["access-control-allow-origin", origin],
        ["access-control-allow-methods", "GET, HEAD, POST"],
        ["access-control-allow-headers", "authorization, content-type"],
        ["access-control-max-age", "600"],
        ["vary", "origin"]
      ]
    }
  }
}

const pathOf = (url: string) => {
  const mark = url.indexOf("?")
  return mark === -1 ? url : url.slice(0, mark)
}

/**
 * The edge policy on every answer of the Effect app (API envelopes and failures, /assets, object routes, /docs with
 * its Content-Security-Policy, /openapi.json), and preflights answered before the app. For
 * `HttpApiBuilder.serve`, outside compression, so compression sees (and extends) the Vary it sets.
 */
export const middleware = (edge: EdgeHeaders) =>
  HttpMiddleware.make(<E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R> => {
    const withHeaders = HttpApp.withPreResponseHandler(app, (request, response) => {
      const path = pathOf(request.url)
      let answer = HttpServerResponse.setHeaders(response, edge.forAnswer(path, request.headers["origin"]))
      if (edge.vary !== undefined) answer = HttpServerResponse.setHeader(answer, "vary", mergeVary(answer.headers["vary"], edge.vary))
      return Effect.succeed(path === DOCS_PATH ? withDocsPolicy(answer) : answer)
    })
    return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const preflight = request.method === "OPTIONS" ? edge.preflight(request.headers) : undefined
      return preflight === undefined ? withHeaders : Effect.succeed(HttpServerResponse.empty({ status: 204, headers: preflight }))
    })
  })
