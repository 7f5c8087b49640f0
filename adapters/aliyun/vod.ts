import { Effect, Layer, Option, Redacted, Schema } from "effect"
import type { ImageUploadRequest, PlayInfoList, UploadOwner, VideoId } from "../../core/domain/media.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import type { SdkClient } from "./_sdk.ts"
import { badResponse, type FailureContext, toPortError } from "./error_mapping.ts"
import * as R from "./vod_responses.ts"

/** Settings of the VOD adapter besides the SDK client. */
export interface VodOptions {
  readonly templateGroupId?: string | undefined
  readonly storageLocation?: string | undefined
  readonly appId?: string | undefined
  /** Where VOD posts events about videos this server creates; with the owner in Extend. */
  readonly callbackUrl?: string | undefined
  readonly auditTemplateId?: string | undefined
  readonly snapshotTemplateId?: string | undefined
}

/** The UserData JSON that routes events to our callback and names the owner (`user:<id>` or `anonymous`). */
export const userData = (owner: UploadOwner, callbackUrl: string | undefined) =>
  JSON.stringify({
    ...(callbackUrl === undefined ? {} : { MessageCallback: { CallbackURL: callbackUrl } }),
    Extend: { owner: Option.match(owner, { onNone: () => "anonymous", onSome: (id) => `user:${id}` }) }
  })

// VOD answers LengthExceededMax alike for Title (128), Description (1024) and a tag (32), in UTF-8 bytes: name the
// field that is over its limit rather than always the title.
const oversized = (title: Option.Option<string>, description: Option.Option<string>, tags: ReadonlyArray<string>) => {
  const over = (max: number) => (text: string) => Buffer.byteLength(text, "utf8") > max
  if (Option.exists(title, over(128))) return "title"
  if (Option.exists(description, over(1024))) return "description"
  return tags.some(over(32)) ? "tags" : undefined
}

const rank = (definition: string) => {
  const i = (R.DEFINITION_ORDER as ReadonlyArray<string>).indexOf(definition.toUpperCase())
  return i === -1 ? R.DEFINITION_ORDER.length : i
}

/** MediaCloud on Alibaba Cloud VOD 2017-03-21. */
export const make = (vod: SdkClient, options: VodOptions): MediaCloud["Type"] => {
  const call = <A, I>(action: string, schema: Schema.Schema<A, I>, params: Record<string, string | number | undefined>,
    context: FailureContext = {}) =>
    vod.call(action, params).pipe(
      Effect.mapError(toPortError("vod", context)),
      Effect.flatMap((body) => Schema.decodeUnknown(schema)(body).pipe(Effect.catchAll(badResponse("vod", action))))
    )
  const uploadCredential = (r: typeof R.UploadVideoResponse.Type) => ({
    videoId: r.VideoId as VideoId,
    uploadAddress: r.UploadAddress,
    uploadAuth: Redacted.make(r.UploadAuth)
  })
  const common = (owner: UploadOwner) => ({
    StorageLocation: options.storageLocation,
    AppId: options.appId,
    UserData: userData(owner, options.callbackUrl)
  })

  return MediaCloud.of({
    createUploadVideo: (request) =>
      call("CreateUploadVideo", R.UploadVideoResponse, {
        Title: request.title,
        FileName: request.fileName,
        FileSize: Option.getOrUndefined(request.fileSize),
        Description: Option.getOrUndefined(request.description),
        CoverURL: Option.getOrUndefined(request.coverUrl),
        Tags: request.tags.length > 0 ? request.tags.join(",") : undefined,
        TemplateGroupId: options.templateGroupId,
        ...common(request.owner)
      }, { oversized: oversized(Option.some(request.title), request.description, request.tags) }).pipe(
        Effect.map(uploadCredential)
      ),
    refreshUploadVideo: (videoId) =>
      call("RefreshUploadVideo", R.UploadVideoResponse, { VideoId: videoId }, { videoId }).pipe(
        Effect.map(uploadCredential)
      ),
    createUploadImage: (request: ImageUploadRequest) =>
      call("CreateUploadImage", R.UploadImageResponse, {
        ImageType: request.imageType,
        ImageExt: request.imageExt,
        Title: Option.getOrUndefined(request.title),
        Tags: request.tags.length > 0 ? request.tags.join(",") : undefined,
        ...common(request.owner)
      }, { oversized: oversized(request.title, Option.none(), request.tags) }).pipe(Effect.map((r) => ({
        imageId: r.ImageId,
        imageUrl: r.ImageURL,
        uploadAddress: r.UploadAddress,
        uploadAuth: Redacted.make(r.UploadAuth)
      }))),
    getPlayAuth: (videoId) =>
      call("GetVideoPlayAuth", R.PlayAuthResponse, { VideoId: videoId, AuthInfoTimeout: 3000 }, { videoId }).pipe(
        Effect.map((r) => ({
          videoId,
          playAuth: Redacted.make(r.PlayAuth),
          coverUrl: r.VideoMeta.CoverURL,
          duration: r.VideoMeta.Duration,
          title: r.VideoMeta.Title,
          status: r.VideoMeta.Status
        }))
      ),
    getPlayInfo: (videoId) =>
      call("GetPlayInfo", R.PlayInfoResponse, { VideoId: videoId, OutputType: "cdn" }, { videoId }).pipe(
        Effect.map((r): PlayInfoList => ({
          videoId,
          title: r.VideoBase.Title,
          coverUrl: r.VideoBase.CoverURL,
          duration: r.VideoBase.Duration,
          status: r.VideoBase.Status,
          playInfos: [...r.PlayInfoList.PlayInfo]
            .sort((a, b) => rank(a.Definition) - rank(b.Definition))
            .map((p) => ({ playUrl: p.PlayURL, definition: p.Definition, format: p.Format }))
        }))
      ),
    deleteVideos: (videoIds) =>
      call("DeleteVideo", R.DeleteResponse, { VideoIds: videoIds.join(",") }).pipe(
        Effect.map((r) => ({
          nonExistent: r.NonExistVideoIds.VideoId as ReadonlyArray<VideoId>,
          forbidden: r.ForbiddenVideoIds.VideoId as ReadonlyArray<VideoId>
        }))
      ),
    submitAuditJob: (videoId) =>
      call("SubmitAIMediaAuditJob", R.AuditJobResponse, {
        MediaId: videoId,
        MediaType: "video",
        TemplateId: options.auditTemplateId
      }, { videoId }).pipe(Effect.map((r) => ({ jobId: r.JobId }))),
    submitSnapshotJob: (videoId) =>
      call("SubmitSnapshotJob", R.SnapshotJobResponse, {
        VideoId: videoId,
        SnapshotTemplateId: options.snapshotTemplateId
      }, { videoId }).pipe(Effect.map((r) => ({ jobId: r.SnapshotJob.JobId }))),
    submitTranscodeJobs: (videoId) =>
      call("SubmitTranscodeJobs", R.TranscodeJobsResponse, {
        VideoId: videoId,
        TemplateGroupId: options.templateGroupId
      }, { videoId }).pipe(Effect.map((r) => ({ jobId: r.TranscodeTaskId })))
  })
}

/** MediaCloud on VOD, as a layer. */
export const layer = (vod: SdkClient, options: VodOptions) => Layer.succeed(MediaCloud, make(vod, options))
