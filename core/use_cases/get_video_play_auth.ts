import { Effect } from "effect"
import type { VideoId } from "../domain/media.ts"
import { MediaCloud } from "../ports/media_cloud.ts"
import { asPublished } from "./published_metadata.ts"

/** A play credential and the metadata of a playable video, with the title, cover and duration the lists show. */
export const getVideoPlayAuth = Effect.fn("getVideoPlayAuth")(function*(videoId: VideoId) {
  return yield* asPublished(videoId, yield* (yield* MediaCloud).getPlayAuth(videoId))
})
