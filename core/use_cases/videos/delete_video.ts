import { DateTime, Effect, Option } from "effect"
import { Forbidden, NotFound } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import type { User, UserId } from "../../domain/user.ts"
import { JobRepository } from "../../ports/job_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { VideoRepository } from "../../ports/video_repository.ts"

/** Input of {@link deleteVideo}: the caller, and the userId the app claims to be. */
export interface DeleteInput {
  readonly caller: User
  readonly userId: UserId
  readonly videoId: VideoId
}

/**
 * Hides the caller's video at once and queues its deletion in the cloud (retried by the worker). Deleting a video
 * already deleted succeeds again; anyone else's video is Forbidden.
 */
export const deleteVideo = Effect.fn("deleteVideo")(function*(input: DeleteInput) {
  if (input.userId !== input.caller.userId) {
    return yield* new Forbidden({ message: "Cannot delete video: userId is not the logged-in user" })
  }
  const videos = yield* VideoRepository
  const jobs = yield* JobRepository
  const transactor = yield* Transactor
  yield* transactor.withTransaction(Effect.gen(function*() {
    const video = yield* videos.findForUpdate(input.videoId)
    if (Option.isNone(video)) return yield* new NotFound({ resource: "video", id: input.videoId })
    if (video.value.ownerId !== input.caller.userId) {
      return yield* new Forbidden({ message: "Cannot delete video: it belongs to another user" })
    }
    const now = yield* DateTime.now
    if (yield* videos.markDeleted(input.videoId, now)) yield* jobs.enqueue([{ kind: "delete", videoId: input.videoId }], now)
  }))
})
