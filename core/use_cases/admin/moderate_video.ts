import { DateTime, Effect, Either, Option } from "effect"
import { Conflict, NotFound } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import { type ModerationAction, moderate } from "../../domain/moderation.ts"
import type { Video } from "../../domain/video.ts"
import { JobRepository } from "../../ports/job_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { VideoRepository } from "../../ports/video_repository.ts"

/** Input of {@link moderateVideo}. */
export interface ModerateInput {
  readonly videoId: VideoId
  readonly action: ModerationAction
}

/**
 * An administrator's moderation decision, by the rules an audit callback follows (core/domain/moderation.ts):
 * approve (censor success), block (censor fail) or reaudit (back to onCensor, an audit job queued in the same
 * transaction, as for a re-upload). Returns the video as it now is; an unknown video is NotFound, a decision the
 * rules refuse (the video is deleted, a re-audit of media deleted in the cloud) a Conflict saying why.
 */
export const moderateVideo = Effect.fn("admin.moderateVideo")(function*(input: ModerateInput) {
  const videos = yield* VideoRepository
  const jobs = yield* JobRepository
  const transactor = yield* Transactor
  return yield* transactor.withTransaction(Effect.gen(function*() {
    const found = yield* videos.findForUpdate(input.videoId)
    if (Option.isNone(found)) return yield* new NotFound({ resource: "video", id: input.videoId })
    const now = yield* DateTime.now
    const at = DateTime.toEpochMillis(now)
    const media = moderate(found.value, input.action, at, `admin:${input.action}:${at}`)
    if (Either.isLeft(media)) return yield* new Conflict({ message: media.left })
    yield* videos.updateMedia(input.videoId, media.right)
    if (input.action === "reaudit") yield* jobs.enqueue([{ kind: "audit", videoId: input.videoId }], now)
    return { ...found.value, media: media.right } satisfies Video
  }))
})
