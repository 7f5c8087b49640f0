import { Effect } from "effect"
import type { VideoId } from "../domain/media.ts"
import { MediaCloud } from "../ports/media_cloud.ts"

/** A play credential and the metadata of a playable video. */
export const getVideoPlayAuth = Effect.fn("getVideoPlayAuth")(function*(videoId: VideoId) {
  const cloud = yield* MediaCloud
  return yield* cloud.getPlayAuth(videoId)
})
