import { Effect, Exit, Option, Redacted, Runtime } from "effect"
import type { IncomingMessage } from "node:http"
import { VersionedMap } from "../../../core/caches/versioned_map.ts"
import { DataVersions } from "../../../core/ports/data_versions.ts"
import type { VideoRepository } from "../../../core/ports/video_repository.ts"
import type { VideoSettings } from "../../../core/ports/video_settings.ts"
import { listPersonalVideos, listRecommendedVideos } from "../../../core/use_cases/videos/list_videos.ts"
import { SessionCache } from "../../../core/caches/session_cache.ts"
import { PreparedTail } from "../wire/envelope_bytes.ts"
import type { FastParams } from "./table.ts"
import { HttpSettings } from "../http_settings.ts"
import { pageTail } from "../wire/video_wire.ts"

/** The list endpoints the lane answers, and whose list each is. */
export const LIST_ROUTES: ReadonlyMap<string, "recommended" | "personal"> = new Map([
  ["/vod/getRecommendVideoList", "recommended"],
  ["/vod/getPersonalVideoList", "personal"]
])

/** The parameters the list endpoints read, in order; the token is checked by {@link TOKEN}, the others are digits. */
export const LIST_PARAMS = ["pageIndex", "pageSize", "id", "token"] as const
/** What the authentication middleware accepts as a token at all (adapters/http/middleware/authentication.ts). */
export const TOKEN = /^[A-Za-z0-9_-]{16,512}$/
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,512})$/

/** How a list request ends: answered from these bytes, or handed to the app. */
export type ListOutcome = (tail: PreparedTail | undefined) => void

/**
 * The list endpoints in the read lane (docs/decisions/0009): for a caller whose token the session cache holds, a page
 * is answered from prepared bytes kept under the current `videos` version, or read through the same use case as the
 * handler and encoded by the same writer (video_wire.ts). Anything else goes to the app: a token not in the cache
 * (the app reads it, and the cache keeps it), a token in both the query and the header, any failure of the use case
 * (validation, an unavailable database), so every answer the lane gives is a success the handler would give alike.
 */
export const makeListLane = Effect.gen(function*() {
  const sessions = yield* SessionCache
  const versions = yield* DataVersions
  const { timeZone } = yield* HttpSettings
  const runtime = yield* Effect.runtime<VideoRepository | VideoSettings>()
  const run = Runtime.runCallback(runtime)
  // Page 1 of the feed for every caller, and the pages apps are at; 10 kB each. A page is kept from its second
  // read on: one-off pages (deep cursors of one scroller) would only churn the heap.
  const pages = new VersionedMap<PreparedTail>(() => versions.current("videos"), 4096)
  const asked = new VersionedMap<true>(() => versions.current("videos"), 16_384)

  const tokenOf = (request: IncomingMessage, query: string | undefined): string | undefined => {
    const header = request.headers.authorization
    if (header === undefined) return query
    if (query !== undefined) return undefined
    return BEARER.exec(header)?.[1]
  }

  /** Takes the request (true) and ends it through `done`, or leaves it to the app (false). */
  return (list: "recommended" | "personal", request: IncomingMessage, values: FastParams, done: ListOutcome): boolean => {
    const [pageIndex, pageSize, id, queryToken] = values
    if (pageIndex === undefined || pageSize === undefined) return false
    const token = tokenOf(request, queryToken)
    if (token === undefined) return false
    const caller = sessions.peek(Redacted.make(token), Date.now())
    if (caller === undefined) return false
    const key = `${list === "personal" ? caller.userId : ""}|${pageIndex}|${pageSize}|${id ?? ""}`
    const kept = pages.get(key)
    if (kept !== undefined) {
      done(kept)
      return true
    }
    const readAt = pages.version()
    const input = {
      pageIndex: Number(pageIndex),
      pageSize: Number(pageSize),
      before: id === undefined ? Option.none() : Option.some(Number(id))
    }
    const read = list === "personal" ? listPersonalVideos(caller, input) : listRecommendedVideos(input)
    run(Effect.withTracerEnabled(read, false), {
      onExit: (exit) => {
        if (Exit.isFailure(exit)) return done(undefined)
        const tail = new PreparedTail(pageTail(exit.value, timeZone))
        if (asked.get(key) === undefined) asked.set(key, true, readAt)
        else pages.set(key, tail, readAt)
        done(tail)
      }
    })
    return true
  }
})
