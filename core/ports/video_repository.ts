import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict } from "../domain/errors.ts"
import type { VideoId } from "../domain/media.ts"
import type { UserId } from "../domain/user.ts"
import type { CensorStatus, MediaState, ModerationMode, Video, VideoMetadata, VideoView } from "../domain/video.ts"

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

/** Which videos an admin list shows: one moderation status (of videos not deleted) or the deleted ones, or all. */
export type AdminVideoState = CensorStatus | "deleted"

/** The filters of the admin list; each absent one keeps every video. The title match is case-sensitive. */
export interface AdminVideoFilter {
  readonly state: Option.Option<AdminVideoState>
  readonly ownerId: Option.Option<UserId>
  readonly titleContains: Option.Option<string>
}

/** A keyset page: ids below `before` (when given), newest first, at most `limit`. */
export interface KeysetQuery {
  readonly before: Option.Option<number>
  readonly limit: number
}

/**
 * Published videos. Lists are keyset-friendly: each has an index on (filter, id desc). The recommend list shows the
 * pinned videos it may show first, in pin order, then the others newest first (docs/admin.md): without a cursor it
 * is that whole sequence; a cursor naming a pinned video continues after that pin; any other cursor continues the
 * unpinned videos below it. The offset applies on top, the total counts the whole list.
 */
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
  /** Every video (deleted ones included) matching the filter, newest first, by keyset. */
  readonly listForAdmin: (filter: AdminVideoFilter, page: KeysetQuery) => Effect.Effect<ReadonlyArray<Video>>
  /** The pinned videos' ids in pin order, whether the recommend list shows them now or not. */
  readonly listPins: Effect.Effect<ReadonlyArray<VideoId>>
  /**
   * Pins a video after the last pinned one; false when it was pinned already (or is not stored). Pins are serialised:
   * inside a transaction, another pin waits until it ends, so positions are unique and a count after it is exact.
   */
  readonly pin: (videoId: VideoId) => Effect.Effect<boolean>
  /** Unpins a video; false when it was not pinned. */
  readonly unpin: (videoId: VideoId) => Effect.Effect<boolean>
  /** Orders the pinned videos as listed (callers list exactly the pinned ones); the others are left alone. */
  readonly orderPins: (videoIds: ReadonlyArray<VideoId>) => Effect.Effect<void>
}>() {}
