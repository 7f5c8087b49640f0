import { Effect } from "effect"
import { NotFound } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import { VideoRepository } from "../../ports/video_repository.ts"

/** Unpins a video: it goes back to its place by id in the recommend list. NotFound when it is not pinned. */
export const unpinVideo = Effect.fn("admin.unpinVideo")(function*(videoId: VideoId) {
  const videos = yield* VideoRepository
  if (!(yield* videos.unpin(videoId))) return yield* new NotFound({ resource: "pin", id: videoId })
  return yield* videos.listPins
})
