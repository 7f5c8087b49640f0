import type { Effect, Option } from "effect"
import { Context } from "effect"
import type { Conflict } from "../domain/errors.ts"
import type { UploadRecord, VideoId } from "../domain/media.ts"
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
}>() {}
