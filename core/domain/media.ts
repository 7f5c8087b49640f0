import { type DateTime, Option, type Redacted, Schema } from "effect"
import type { UserId } from "./user.ts"

/** A VOD video id: 32 lowercase hex characters. */
export const VideoId = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{32}$/, { message: () => "videoId must be 32 hexadecimal characters" }),
  Schema.brand("VideoId")
)
export type VideoId = typeof VideoId.Type

/** Who asked for an upload: a logged-in user, or an anonymous demo caller. */
export type UploadOwner = Option.Option<UserId>

/** Upload credentials of a video: address and auth are base64 JSON the app hands to the OSS SDK. */
export interface VideoUploadCredential {
  readonly videoId: VideoId
  readonly uploadAddress: string
  /** Carries a temporary AccessKeySecret and SecurityToken: only the caller it was issued to may see it. */
  readonly uploadAuth: Redacted.Redacted<string>
}

/** Upload credentials of an image (cannot be refreshed). */
export interface ImageUploadCredential {
  readonly imageId: string
  readonly imageUrl: string
  readonly uploadAddress: string
  readonly uploadAuth: Redacted.Redacted<string>
}

/** Temporary cloud credentials from STS. */
export interface StsCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: Redacted.Redacted<string>
  readonly securityToken: Redacted.Redacted<string>
  readonly expiration: DateTime.Utc
}

/** What the cloud needs to create a video upload; already validated. */
export interface VideoUploadRequest {
  readonly title: string
  readonly fileName: string
  readonly fileSize: Option.Option<number>
  readonly description: Option.Option<string>
  readonly coverUrl: Option.Option<string>
  readonly tags: ReadonlyArray<string>
  readonly owner: UploadOwner
}

/** The kinds of image the cloud accepts. */
export const ImageType = Schema.Literal("default", "cover")
export type ImageType = typeof ImageType.Type
/** The image file extensions the cloud accepts. */
export const ImageExt = Schema.Literal("png", "jpg", "jpeg", "gif")
export type ImageExt = typeof ImageExt.Type

/** What the cloud needs to create an image upload; already validated. */
export interface ImageUploadRequest {
  readonly imageType: ImageType
  readonly imageExt: ImageExt
  readonly title: Option.Option<string>
  readonly tags: ReadonlyArray<string>
  readonly owner: UploadOwner
}

/** A play credential with the video's metadata. */
export interface PlayAuth {
  readonly videoId: VideoId
  readonly playAuth: Redacted.Redacted<string>
  readonly coverUrl: string
  /** Seconds. */
  readonly duration: number
  readonly title: string
  readonly status: string
}

/** One playable rendition of a video. */
export interface PlayInfo {
  readonly playUrl: string
  readonly definition: string
  readonly format: string
}

/** Playback information of a video: its metadata and renditions (best definition first). */
export interface PlayInfoList {
  readonly videoId: VideoId
  readonly title: string
  readonly coverUrl: string
  /** Seconds. */
  readonly duration: number
  readonly status: string
  readonly playInfos: ReadonlyArray<PlayInfo>
}

/** What the cloud reports of a DeleteVideos call. */
export interface DeleteResult {
  readonly nonExistent: ReadonlyArray<VideoId>
  readonly forbidden: ReadonlyArray<VideoId>
}

/** A job the cloud accepted. */
export interface SubmittedJob {
  readonly jobId: string
}

/** Who a videoId was issued to, recorded when its upload credentials were issued. */
export interface UploadRecord {
  readonly videoId: VideoId
  readonly owner: UploadOwner
  readonly title: string
  readonly fileName: string
  readonly createdAt: DateTime.Utc
  /** Where the request came from (for the per-address quota); "" when not known. */
  readonly clientAddress: string
  /** The size the app declared, if any. */
  readonly fileSize: Option.Option<number>
}

/** Unpublished uploads and the bytes they may still write (declared, or the largest allowed when undeclared). */
export interface PendingUsage {
  readonly uploads: number
  readonly bytes: number
}

/** Whether `caller` may act on an upload issued to `owner`: its user, or anyone when it was issued anonymously. */
export const mayUseUpload = (owner: UploadOwner, caller: UploadOwner): boolean =>
  Option.match(owner, { onNone: () => true, onSome: (id) => Option.exists(caller, (c) => c === id) })
