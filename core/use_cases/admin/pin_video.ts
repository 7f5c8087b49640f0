import { Effect, Option } from "effect"
import { Conflict, NotFound } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import { inRecommendations } from "../../domain/video_rules.ts"
import { Transactor } from "../../ports/transactor.ts"
import { VideoRepository } from "../../ports/video_repository.ts"
import { VideoSettings } from "../../ports/video_settings.ts"

/** Most videos pinned at once: they all sit at the head of the recommend list's first page. */
export const MAX_PINS = 20

/**
 * Pins a video at the end of the pinned ones, so the recommend list shows it first (after earlier pins). Only a
 * video the recommend list shows now may be pinned (inRecommendations: not deleted, moderation passed); one that
 * stops qualifying later stays pinned but is not shown. Pinning a pinned video changes nothing. Returns the pins.
 */
export const pinVideo = Effect.fn("admin.pinVideo")(function*(videoId: VideoId) {
  const { moderation } = yield* VideoSettings
  const videos = yield* VideoRepository
  const transactor = yield* Transactor
  return yield* transactor.withTransaction(Effect.gen(function*() {
    // The row lock orders the check with a concurrent moderation decision on the same video.
    const found = yield* videos.findForUpdate(videoId)
    if (Option.isNone(found)) return yield* new NotFound({ resource: "video", id: videoId })
    if (!inRecommendations(found.value, moderation)) {
      return yield* new Conflict({ message: "Cannot pin video: the recommend list does not show it" })
    }
    const pins = yield* videos.listPins
    if (pins.includes(videoId)) return pins
    // Pinned first, counted after: pins are serialised by the repository, so a concurrent pin that passed the cap
    // is seen here, and the failure rolls this one back.
    yield* videos.pin(videoId)
    const after = yield* videos.listPins
    if (after.length > MAX_PINS) {
      return yield* new Conflict({ message: `Cannot pin video: at most ${MAX_PINS} videos may be pinned` })
    }
    return after
  }))
})
