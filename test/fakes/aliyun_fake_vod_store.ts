import { type ActionResult, base64Json, fail, isoSeconds, type Params, param, randomHex, missing } from "./aliyun_fake_support.ts"

/** Video statuses of VOD 2017-03-21; only Normal is playable. */
export type VideoStatus =
  | "Uploading" | "UploadFail" | "UploadSucc" | "Transcoding" | "TranscodeFail" | "Checking" | "Blocked" | "Normal"

/** A video the fake knows, issued by CreateUploadVideo or seeded by a test. */
export interface FakeVideo {
  readonly videoId: string
  readonly title: string
  readonly fileName: string
  /** The UserData param as sent (a JSON text), if any. */
  readonly userData: string | undefined
  readonly coverUrl: string
  /** The base64 UploadAddress; RefreshUploadVideo answers it unchanged. */
  readonly uploadAddress: string
  readonly duration: number
  readonly size: number
  readonly creationTime: string
  readonly status: VideoStatus
}

/** An image issued by CreateUploadImage. */
export interface FakeImage {
  readonly imageId: string
  readonly imageType: "default" | "cover"
  readonly imageExt: string
  readonly imageUrl: string
  readonly title: string | undefined
  readonly userData: string | undefined
}

/** A media job submitted to the fake (audit, snapshot or transcode). */
export interface FakeJob {
  readonly action: "SubmitAIMediaAuditJob" | "SubmitSnapshotJob" | "SubmitTranscodeJobs"
  readonly jobId: string
  readonly videoId: string
}

/** What a test may set when seeding a video directly (defaults: a new id, Normal, 12.3 s). */
export interface VideoSeed {
  readonly videoId?: string
  readonly title?: string
  readonly fileName?: string
  readonly userData?: string
  readonly coverUrl?: string
  readonly status?: VideoStatus
  readonly duration?: number
}

/** The fake VOD account's state. */
export interface VodStore {
  readonly region: string
  readonly bucket: string
  readonly cdn: string
  readonly videos: Map<string, FakeVideo>
  readonly images: Map<string, FakeImage>
  readonly jobs: Array<FakeJob>
}

/** An empty store for one region, with its own storage bucket. */
export const createVodStore = (region: string): VodStore => ({
  region,
  bucket: `outin-${randomHex(16)}`,
  cdn: "https://vod-cdn.example.com",
  videos: new Map(),
  images: new Map(),
  jobs: []
})

/** The OSS endpoint of the store's region, scheme included. */
export const ossEndpoint = (store: VodStore): string => `https://oss-${store.region}.aliyuncs.com`

/** Base64 UploadAddress JSON for an object key (docs/reference/aliyun.md §6). */
export const uploadAddress = (store: VodStore, fileName: string): string =>
  base64Json({ Endpoint: ossEndpoint(store), Bucket: store.bucket, FileName: fileName })

/** A storage key like the ones VOD hands out: `<dir>/<stem>/<stem>.<ext>`. */
export const objectKey = (dir: string, ext: string): string => {
  const stem = `${randomHex(4)}-${randomHex(6).slice(0, 11)}`
  return `${dir}/${stem}/${stem}.${ext}`
}

/** Inserts a video built from a seed and returns it. */
export const insertVideo = (store: VodStore, now: number, seed: VideoSeed): FakeVideo => {
  const videoId = seed.videoId ?? randomHex(16)
  const fileName = seed.fileName ?? objectKey("sv", "mp4")
  const duration = seed.duration ?? 12.3
  const video: FakeVideo = {
    videoId,
    title: seed.title ?? "seeded video",
    fileName,
    userData: seed.userData,
    coverUrl: seed.coverUrl ?? `${store.cdn}/${videoId}/snapshots/${randomHex(16)}-00001.jpg`,
    uploadAddress: uploadAddress(store, fileName),
    duration,
    size: Math.round(duration * 1_500_000 / 8),
    creationTime: isoSeconds(now),
    status: seed.status ?? "Normal"
  }
  store.videos.set(videoId, video)
  return video
}

/** The answer to an unknown VideoId. */
export const videoNotFound: ActionResult = fail(404, "InvalidVideo.NotFound", "The video does not exist.")

/** Runs `then` on the video named by a required param, or answers MissingParameter / InvalidVideo.NotFound. */
export const withVideo = (
  store: VodStore,
  params: Params,
  name: string,
  then: (video: FakeVideo) => ActionResult
): ActionResult => {
  const id = param(params, name)
  if (id === undefined) return missing(name)
  const video = store.videos.get(id)
  return video === undefined ? videoNotFound : then(video)
}

/** Like `withVideo`, and also answers Forbidden.IllegalStatus (403) unless the video is Normal. */
export const withPlayableVideo = (
  store: VodStore,
  params: Params,
  then: (video: FakeVideo) => ActionResult
): ActionResult =>
  withVideo(store, params, "VideoId", (video) =>
    video.status === "Normal"
      ? then(video)
      : fail(403, "Forbidden.IllegalStatus", `The status of the video is illegal: ${video.status}.`))
