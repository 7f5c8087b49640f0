import { Effect, Option } from "effect"
import { NotFound } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import type { UserId } from "../../domain/user.ts"
import { inRecommendations } from "../../domain/video_rules.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"
import { VideoRepository } from "../../ports/video_repository.ts"
import { VideoSettings } from "../../ports/video_settings.ts"

/**
 * Whether `caller` (None: no token) may play a video: anyone may play what the recommend list shows (moderation
 * passed, not deleted); the owner may also play their own video in any other state, published or only uploaded.
 * Everything else is "not found", so a blocked, held or deleted video cannot be told from a missing one. Yields the
 * published video, if any, for the answer's metadata (one read for both).
 */
export const checkPlayable = Effect.fn("checkPlayable")(function*(videoId: VideoId, caller: Option.Option<UserId>) {
  const notFound = new NotFound({ resource: "video", id: videoId })
  const isCaller = (owner: UserId) => Option.contains(caller, owner)
  const published = yield* (yield* VideoRepository).findByVideoId(videoId)
  if (Option.isSome(published)) {
    const video = published.value
    if (Option.isSome(video.deletedAt)) return yield* notFound
    const { moderation } = yield* VideoSettings
    if (inRecommendations(video, moderation) || isCaller(video.ownerId)) return published
    return yield* notFound
  }
  const upload = yield* (yield* UploadRepository).find(videoId)
  if (Option.isSome(Option.flatMap(upload, (u) => Option.filter(u.owner, isCaller)))) return published
  return yield* notFound
})
