import type { DateTime, Option } from "effect"
import type { VideoId } from "./media.ts"
import type { UserId } from "./user.ts"

/** Moderation state: `onCensor` while waiting, then `success`, `check` (needs a human) or `fail`. */
export type CensorStatus = "onCensor" | "check" | "success" | "fail"
/** Transcoding state ("" when none is expected). */
export type TranscodeStatus = "" | "onTranscode" | "success" | "fail"
/** Snapshot state ("" when none is expected). */
export type SnapshotStatus = "" | "onSnapshot" | "success" | "fail"

/** A value set by an event, with the event's time and a tie-breaking key, so the newest always wins. */
export interface Versioned<A> {
  readonly value: A
  /** Event time, epoch milliseconds. */
  readonly at: number
  /** Breaks ties between events of the same time deterministically (their dedupe key). */
  readonly key: string
}

/** One transcoded rendition as last reported. */
export interface Stream {
  readonly status: "success" | "fail"
  readonly fileUrl: string
}

/**
 * What the media cloud has told us about a video, one versioned entry per dimension. Initial values carry
 * `at: INITIAL_AT` (-1, before any event time), so any event overrides them; an event never overrides a newer one.
 */
export interface MediaState {
  readonly censor: Versioned<CensorStatus>
  readonly snapshot: Versioned<{ readonly status: SnapshotStatus; readonly coverUrl: string; readonly firstFrameUrl: string }>
  readonly transcodeJob: Versioned<TranscodeStatus>
  /** Per definition (`FD`, `HD`, `SD-NBV1` …). */
  readonly streams: Readonly<Record<string, Versioned<Stream>>>
  readonly analysis: Versioned<{ readonly duration: number; readonly size: number }>
  readonly cloudDeleted: Versioned<boolean>
}

/** What the app gave at publish. */
export interface VideoMetadata {
  readonly title: string
  readonly description: string
  /** Whole seconds. */
  readonly duration: number
  /** A cover the app uploaded itself; wins over snapshots when set. */
  readonly coverUrl: string
  readonly size: number
  readonly cateId: number
  readonly cateName: string
  readonly tags: string
}

/** A published video. `id` is its own small numeric id (one per video, within int32), newest highest. */
export interface Video {
  readonly id: number
  readonly videoId: VideoId
  readonly ownerId: UserId
  readonly metadata: VideoMetadata
  readonly media: MediaState
  readonly createdAt: DateTime.Utc
  readonly deletedAt: Option.Option<DateTime.Utc>
}

/** A video with its author's current public profile, as lists show it. */
export interface VideoView {
  readonly video: Video
  readonly author: { readonly userId: UserId; readonly nickname: string; readonly avatarUrl: string }
}

/** Whether moderation holds videos until the audit passes (`hold`) or shows them at once (`off`). */
export type ModerationMode = "hold" | "off"
