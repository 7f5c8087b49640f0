import { Option } from "effect"
import type { Video } from "../../domain/video.ts"
import { displayCover, displayDuration } from "../../domain/video_state.ts"

/** What the cloud says of a video's title, cover and duration. */
interface CloudMetadata {
  readonly title: string
  readonly coverUrl: string
  readonly duration: number
}

/**
 * The cloud's metadata of a video as the lists show it: a published video's own title, cover and whole-second
 * duration win over the upload-time ones the cloud keeps (each only when set), so the play calls and the feed agree.
 * `published` is the video as checkPlayable read it (none: not published).
 */
export const asPublished = <A extends CloudMetadata>(fromCloud: A, published: Option.Option<Video>): A => {
  if (Option.isNone(published)) return fromCloud
  const video = published.value
  const cover = displayCover(video)
  const duration = Math.round(displayDuration(video))
  return {
    ...fromCloud,
    title: video.metadata.title || fromCloud.title,
    coverUrl: cover || fromCloud.coverUrl,
    duration: duration > 0 ? duration : fromCloud.duration
  }
}
