import { Effect } from "effect"
import type { VideoId } from "../domain/media.ts"
import { MediaCloud } from "../ports/media_cloud.ts"

/** Playback information of a video from the media cloud (for the mini-program's getVideoById). */
export const getVideoPlayInfo = Effect.fn("getVideoPlayInfo")(function*(videoId: VideoId) {
  return yield* (yield* MediaCloud).getPlayInfo(videoId)
})
