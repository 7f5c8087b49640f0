import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict } from "../domain/errors.ts"
import type { PendingUsage, UploadRecord, VideoId } from "../domain/media.ts"
import type { UserId } from "../domain/user.ts"

/** Which user (or anonymous caller) each videoId was issued to. */
export class UploadRepository extends Context.Tag("core/UploadRepository")<UploadRepository, {
  /** Records a newly issued videoId; recording the same videoId twice is a Conflict. */
  readonly insert: (record: UploadRecord) => Effect.Effect<void, Conflict>
  /** The record of a videoId, if this server issued it. */
  readonly find: (videoId: VideoId) => Effect.Effect<Option.Option<UploadRecord>>
  /**
   * As find, locking the record until the surrounding transaction ends: a publish and an event of the same video
   * take this lock, so neither can miss the other's write.
   */
  readonly findForUpdate: (videoId: VideoId) => Effect.Effect<Option.Option<UploadRecord>>
  /** Gives an anonymously issued videoId to a user; no change when it already has an owner. */
  readonly claim: (videoId: VideoId, userId: UserId) => Effect.Effect<void>
  /** Records that the videoId was published: it no longer counts as pending, and never expires. */
  readonly markPublished: (videoId: VideoId, at: DateTime.Utc) => Effect.Effect<void>
  /**
   * The unpublished uploads issued since `since` to `owner` (none when anonymous: zero) and to `clientAddress`, with
   * the bytes they may write: their declared fileSize, or `undeclaredBytes` each.
   */
  readonly pendingUsage: (query: {
    readonly owner: Option.Option<UserId>
    readonly clientAddress: string
    readonly since: DateTime.Utc
    readonly undeclaredBytes: number
  }) => Effect.Effect<{ readonly owner: PendingUsage; readonly address: PendingUsage }>
  /**
   * Removes up to `limit` unpublished uploads issued before `before` and yields their videoIds (for their media to be
   * deleted); one a publish holds locked is skipped, so a publish and its expiry never both happen.
   */
  readonly takeExpired: (before: DateTime.Utc, limit: number) => Effect.Effect<ReadonlyArray<VideoId>>
}>() {}
