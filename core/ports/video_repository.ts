import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict } from "../domain/errors.ts"
import type { VideoId } from "../domain/media.ts"
import type { UserId } from "../domain/user.ts"
import type { MediaState, ModerationMode, Video, VideoMetadata, VideoView } from "../domain/video.ts"

/** A video to store; the repository assigns its numeric id. */
export interface NewVideo {
  readonly videoId: VideoId
  readonly ownerId: UserId
  readonly metadata: VideoMetadata
  readonly media: MediaState
  readonly createdAt: DateTime.Utc
}

/** Which page of a list: items with id below `before` (when given), newest first, skipping `offset`, at most `limit`. */
export interface PageQuery {
  readonly before: Option.Option<number>
  readonly offset: number
  readonly limit: number
}

/** One page of a list, and how many items the whole list has (ignoring `before`). */
export interface Page {
  readonly total: number
  readonly items: ReadonlyArray<VideoView>
}

/** Published videos. Lists are keyset-friendly: each has an index on (filter, id desc). */
export class VideoRepository extends Context.Tag("core/VideoRepository")<VideoRepository, {
  /** Stores a published video; a videoId published before (deleted or not) is a Conflict. */
  readonly insert: (video: NewVideo) => Effect.Effect<Video, Conflict>
  /** The video with this videoId, deleted ones included. */
  readonly findByVideoId: (videoId: VideoId) => Effect.Effect<Option.Option<Video>>
  /** As findByVideoId, locking the row until the surrounding transaction ends. */
  readonly findForUpdate: (videoId: VideoId) => Effect.Effect<Option.Option<Video>>
  /** Replaces a video's media state (and the statuses derived from it). */
  readonly updateMedia: (videoId: VideoId, media: MediaState) => Effect.Effect<void>
  /** Hides a video; true when it was visible until now. */
  readonly markDeleted: (videoId: VideoId, at: DateTime.Utc) => Effect.Effect<boolean>
  /** The public feed: not deleted, and censor success (hold) or not failed (off). */
  readonly listRecommended: (moderation: ModerationMode, page: PageQuery) => Effect.Effect<Page>
  /** One owner's videos in every state but deleted. */
  readonly listByOwner: (ownerId: UserId, page: PageQuery) => Effect.Effect<Page>
}>() {}
