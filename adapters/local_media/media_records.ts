import { Context, type DateTime, type Effect, type Option } from "effect"
import type { VideoId } from "../../core/domain/media.ts"

/** A video the emulator created; `uploadedAt` is when its file was last written completely. */
export interface LocalVideo {
  readonly videoId: VideoId
  readonly title: string
  readonly key: string
  readonly coverUrl: string
  readonly uploadedAt: Option.Option<DateTime.Utc>
}

/**
 * Whether a key may be written: `unknown` when nothing was issued for it; `sealed` once its video was published (its
 * first job submitted), so its file can no longer be replaced; `open` otherwise.
 */
export type KeyState = "unknown" | "open" | "sealed"

/** An image the emulator created. */
export interface LocalImage {
  readonly imageId: string
  readonly key: string
}

/** The kinds of job the emulator accepts. */
export type LocalJobKind = "snapshot" | "audit" | "transcode"

/** A job accepted by the emulator, kept until its simulated events were delivered. */
export interface LocalJob {
  readonly jobId: string
  readonly videoId: VideoId
  readonly kind: LocalJobKind
  readonly submittedAt: DateTime.Utc
}

/**
 * A job still to answer; `first` while no job of its video has been answered (the upload events come with it, dated
 * `uploadedAt`).
 */
export interface PendingJob extends LocalJob {
  readonly first: boolean
  readonly uploadedAt: Option.Option<DateTime.Utc>
}

/** Permission to write one key until `expiresAt`, with the key pair its requests must be signed with. */
export interface UploadGrant {
  readonly key: string
  readonly expiresAt: DateTime.Utc
  readonly accessKeyId: string
  readonly accessKeySecret: string
}

/** One stored part of a multipart upload; `etag` is the part's MD5 in uppercase hex. */
export interface UploadedPart {
  readonly etag: string
  readonly size: number
}

/** A multipart upload in progress: the key it will write and the parts stored so far, by part number. */
export interface MultipartUpload {
  readonly key: string
  readonly parts: ReadonlyMap<number, UploadedPart>
}

/** What {@link LocalMediaRecords.removeVideos} removed: the videos, and the parts of their unfinished multipart uploads. */
export interface RemovedVideos {
  readonly videos: ReadonlyArray<LocalVideo>
  readonly uploads: ReadonlyArray<{ readonly uploadId: string; readonly partNumbers: ReadonlyArray<number> }>
}

/**
 * Everything the local media emulator must remember across restarts: its videos and images, the upload credentials
 * it issued (by SHA-256 of the security token, so the tokens themselves are kept nowhere), the jobs whose events it
 * still owes, and multipart uploads in progress. The files themselves live in the ObjectStore. Failures of the
 * underlying store are defects (the database adapters die with `Unavailable` when it cannot be reached).
 */
export class LocalMediaRecords extends Context.Tag("adapters/local_media/LocalMediaRecords")<LocalMediaRecords, {
  readonly addVideo: (video: LocalVideo) => Effect.Effect<void>
  readonly findVideo: (videoId: VideoId) => Effect.Effect<Option.Option<LocalVideo>>
  readonly addImage: (image: LocalImage) => Effect.Effect<void>
  /** Whether `key` may be written (see {@link KeyState}). */
  readonly keyState: (key: string) => Effect.Effect<KeyState>
  /** Records the key's file as complete at `at`; false when no video or image has that key (any more). */
  readonly markUploaded: (key: string, at: DateTime.Utc) => Effect.Effect<boolean>
  /** Removes these videos with their grants, jobs and multipart uploads; yields what existed, to delete its files. */
  readonly removeVideos: (videoIds: ReadonlyArray<VideoId>) => Effect.Effect<RemovedVideos>
  /** Keeps a grant under the hash of its security token; grants expired at `now` are dropped on the way. */
  readonly addGrant: (tokenHash: string, grant: UploadGrant, now: DateTime.Utc) => Effect.Effect<void>
  readonly findGrant: (tokenHash: string) => Effect.Effect<Option.Option<UploadGrant>>
  /** Records a job of a known video, and seals its key (jobs are submitted when a video is published). */
  readonly addJob: (job: LocalJob) => Effect.Effect<void>
  /** Jobs not yet answered, oldest first. */
  readonly pendingJobs: Effect.Effect<ReadonlyArray<PendingJob>>
  /** Marks a job answered (its video's upload events with it); unknown ids are ignored. */
  readonly finishJob: (jobId: string) => Effect.Effect<void>
  readonly startMultipart: (uploadId: string, key: string, now: DateTime.Utc) => Effect.Effect<void>
  readonly findMultipart: (uploadId: string) => Effect.Effect<Option.Option<MultipartUpload>>
  /** Records (or replaces) a stored part; false when the upload no longer exists. */
  readonly putPart: (uploadId: string, partNumber: number, part: UploadedPart) => Effect.Effect<boolean>
  /** Forgets a completed or aborted upload and its parts. */
  readonly endMultipart: (uploadId: string) => Effect.Effect<void>
}>() {}
