import { Effect, Option } from "effect"
import { Conflict, Forbidden, NotFound } from "../../domain/errors.ts"
import { mayUseUpload, type UploadOwner, type VideoId } from "../../domain/media.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"
import { VideoRepository } from "../../ports/video_repository.ts"

/** Input of {@link refreshVideoUploadAuth}. */
export interface RefreshUploadInput {
  readonly caller: UploadOwner
  readonly videoId: VideoId
}

/**
 * Fresh upload credentials for a videoId this server issued. Only the user it was issued to may refresh it;
 * one issued anonymously may be refreshed by anyone. A videoId this server never issued is NotFound; one already
 * published is a Conflict.
 */
export const refreshVideoUploadAuth = Effect.fn("refreshVideoUploadAuth")(function*(input: RefreshUploadInput) {
  const uploads = yield* UploadRepository
  const record = yield* uploads.find(input.videoId)
  if (Option.isNone(record)) return yield* new NotFound({ resource: "video", id: input.videoId })
  if (!mayUseUpload(record.value.owner, input.caller)) {
    return yield* new Forbidden({ message: "Cannot refresh upload: videoId was issued to another user" })
  }
  // Moderation judged the file that was there at publication: new credentials could replace it (issue 11).
  if (Option.isSome(yield* (yield* VideoRepository).findByVideoId(input.videoId))) {
    return yield* new Conflict({ message: "Cannot refresh upload: the video is published, and its file cannot be replaced" })
  }
  const cloud = yield* MediaCloud
  return yield* cloud.refreshUploadVideo(input.videoId)
})
