import { Effect } from "effect"
import type { VideoId } from "../../domain/media.ts"
import { VodEventRepository } from "../../ports/vod_event_repository.ts"
import { checkLimit, MAX_ADMIN_PAGE } from "./page_limit.ts"

/**
 * The last `limit` (1..100) VOD events received about a video, newest first, each with its body as received (JSON)
 * and its outcome (pending, applied, unchanged, reaudit; unknown for events stored before outcomes were recorded).
 */
export const listVideoEvents = Effect.fn("admin.listVideoEvents")(function*(videoId: VideoId, limit: number) {
  const checked = yield* checkLimit("limit", limit, MAX_ADMIN_PAGE)
  return yield* (yield* VodEventRepository).listLatest(videoId, checked)
})
