import type { Effect } from "effect"
import { Context } from "effect"
import type { Forbidden, NotFound, Upstream, ValidationError } from "../domain/errors.ts"
import type {
  DeleteResult,
  ImageUploadCredential,
  ImageUploadRequest,
  PlayAuth,
  PlayInfoList,
  SubmittedJob,
  VideoId,
  VideoUploadCredential,
  VideoUploadRequest
} from "../domain/media.ts"

/** What a media cloud call can fail with: input it refused, a missing or unplayable video, or the cloud itself. */
export type MediaCloudError = ValidationError | NotFound | Forbidden | Upstream

/** The video-on-demand cloud (Alibaba Cloud VOD, or the local emulator). Every call may be slow and may fail. */
export class MediaCloud extends Context.Tag("core/MediaCloud")<MediaCloud, {
  /** A new video id and credentials to upload its file. */
  readonly createUploadVideo: (request: VideoUploadRequest) => Effect.Effect<VideoUploadCredential, MediaCloudError>
  /** Fresh credentials for the same upload address. */
  readonly refreshUploadVideo: (videoId: VideoId) => Effect.Effect<VideoUploadCredential, MediaCloudError>
  /** A new image id, its URL and credentials to upload it. */
  readonly createUploadImage: (request: ImageUploadRequest) => Effect.Effect<ImageUploadCredential, MediaCloudError>
  /** A play credential for a playable video. */
  readonly getPlayAuth: (videoId: VideoId) => Effect.Effect<PlayAuth, MediaCloudError>
  /** Playable URLs of a video. */
  readonly getPlayInfo: (videoId: VideoId) => Effect.Effect<PlayInfoList, MediaCloudError>
  /** Deletes videos (at most 20); ids the cloud does not know are reported, not failed. */
  readonly deleteVideos: (videoIds: ReadonlyArray<VideoId>) => Effect.Effect<DeleteResult, MediaCloudError>
  /** Starts taking the cover and first-frame snapshots. */
  readonly submitSnapshotJob: (videoId: VideoId) => Effect.Effect<SubmittedJob, MediaCloudError>
  /** Starts content moderation of a video. */
  readonly submitAuditJob: (videoId: VideoId) => Effect.Effect<SubmittedJob, MediaCloudError>
  /** Starts transcoding with the configured template group. */
  readonly submitTranscodeJobs: (videoId: VideoId) => Effect.Effect<SubmittedJob, MediaCloudError>
}>() {}
