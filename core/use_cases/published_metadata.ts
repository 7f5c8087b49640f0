import { Effect, Option } from "effect"
import { NotFound } from "../domain/errors.ts"
import type { VideoId } from "../domain/media.ts"
import { displayCover, displayDuration } from "../domain/video_state.ts"
import { VideoRepository } from "../ports/video_repository.ts"

/** What the cloud says of a video's title, cover and duration. */
interface CloudMetadata {
  readonly title: string
  readonly coverUrl: string
  readonly duration: number
}

/**
 * The cloud's metadata of a video as the lists show it: a published video's own title, cover and whole-second
 * duration win over the upload-time ones the cloud keeps (each only when set), so the play calls and the feed agree.
 * A published video since deleted is not found, whatever the cloud still holds.
 */
export const asPublished = <A extends CloudMetadata>(videoId: VideoId, fromCloud: A) =>
  Effect.gen(function*() {
    const published = yield* (yield* VideoRepository).findByVideoId(videoId)
    if (Option.isNone(published)) return fromCloud
    const video = published.value
    if (Option.isSome(video.deletedAt)) return yield* new NotFound({ resource: "video", id: videoId })
    const cover = displayCover(video)
    const duration = Math.round(displayDuration(video))
    return {
      ...fromCloud,
      title: video.metadata.title || fromCloud.title,
      coverUrl: cover || fromCloud.coverUrl,
      duration: duration > 0 ? duration : fromCloud.duration
    }
  })
