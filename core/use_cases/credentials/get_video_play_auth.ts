import { Effect, type Option } from "effect"
import type { VideoId } from "../../domain/media.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"
import type { UserId } from "../../domain/user.ts"
import { checkPlayable } from "../videos/play_access.ts"
import { asPublished } from "../videos/published_metadata.ts"

/**
 * A play credential and the metadata of a video `caller` may play (play_access.ts), with the title, cover and duration
 * the lists show.
 */
export const getVideoPlayAuth = Effect.fn("getVideoPlayAuth")(function*(videoId: VideoId, caller: Option.Option<UserId>) {
  const published = yield* checkPlayable(videoId, caller)
  return asPublished(yield* (yield* MediaCloud).getPlayAuth(videoId), published)
})
