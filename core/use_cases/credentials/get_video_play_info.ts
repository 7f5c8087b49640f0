import { Effect, type Option } from "effect"
import type { VideoId } from "../../domain/media.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"
import type { UserId } from "../../domain/user.ts"
import { checkPlayable } from "../videos/play_access.ts"
import { asPublished } from "../videos/published_metadata.ts"

/**
 * Playback information of a video from the media cloud (for the mini-program's getVideoById), with the title, cover
 * and duration the lists show.
 */
export const getVideoPlayInfo = Effect.fn("getVideoPlayInfo")(function*(videoId: VideoId, caller: Option.Option<UserId>) {
  const published = yield* checkPlayable(videoId, caller)
  return asPublished(yield* (yield* MediaCloud).getPlayInfo(videoId), published)
})
