import {
  type ActionHandler,
  base64Json,
  fail,
  invalid,
  isoSeconds,
  missing,
  ok,
  param,
  randomHex,
  randomKey,
  randomSecurityToken
} from "./aliyun_fake_support.ts"
import { type FakeJob, type FakeVideo, type VodStore, withPlayableVideo, withVideo } from "./aliyun_fake_vod_store.ts"

const renditions = [
  { Definition: "FD", Width: 360, Height: 640, kbps: 400 },
  { Definition: "LD", Width: 540, Height: 960, kbps: 800 },
  { Definition: "SD", Width: 720, Height: 1280, kbps: 1500 },
  { Definition: "HD", Width: 1080, Height: 1920, kbps: 3000 }
] as const

const list = (value: string | undefined): Array<string> | undefined =>
  value?.split(",").map((item) => item.trim()).filter((item) => item.length > 0)

const videoMeta = (video: FakeVideo) => ({
  CoverURL: video.coverUrl,
  Duration: video.duration,
  Status: video.status,
  Title: video.title,
  VideoId: video.videoId
})

const playInfo = (store: VodStore, video: FakeVideo, rendition: (typeof renditions)[number]) => ({
  PlayURL: `${store.cdn}/${video.videoId}/${randomHex(16)}-${rendition.Definition.toLowerCase()}.mp4`,
  Definition: rendition.Definition,
  Format: "mp4",
  Bitrate: String(rendition.kbps),
  Duration: String(video.duration),
  Size: Math.round(rendition.kbps * 125 * video.duration),
  Width: rendition.Width,
  Height: rendition.Height
})

const submitJob = (store: VodStore, action: FakeJob["action"], video: FakeVideo): string => {
  const jobId = randomHex(16)
  store.jobs.push({ action, jobId, videoId: video.videoId })
  return jobId
}

/** The playback and media-processing actions of VOD 2017-03-21. */
export const vodMediaActions = (store: VodStore): Record<string, ActionHandler> => ({
  GetVideoPlayAuth: (params, now) => {
    const timeout = param(params, "AuthInfoTimeout") ?? "100"
    if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 3000) {
      return invalid("AuthInfoTimeout", "must be an integer from 100 to 3000")
    }
    return withPlayableVideo(store, params, (video) => ok({
      PlayAuth: base64Json({
        AccessKeyId: `STS.${randomKey(25)}`,
        AccessKeySecret: randomKey(44),
        SecurityToken: randomSecurityToken(),
        AuthInfo: JSON.stringify({ ExpireTime: isoSeconds(now + Number(timeout) * 1000), MediaId: video.videoId }),
        PlayDomain: new URL(store.cdn).host,
        Region: store.region,
        VideoMeta: videoMeta(video)
      }),
      VideoMeta: videoMeta(video)
    }))
  },

  GetPlayInfo: (params) =>
    withPlayableVideo(store, params, (video) => {
      const definitions = list(param(params, "Definition"))
      const formats = list(param(params, "Formats"))
      const chosen = renditions.filter((r) =>
        (definitions === undefined || definitions.includes(r.Definition)) && (formats === undefined || formats.includes("mp4")))
      if (chosen.length === 0) return fail(404, "InvalidVideo.NoneStream", "The video has no stream matching the request.")
      return ok({
        VideoBase: {
          CoverURL: video.coverUrl,
          Duration: String(video.duration),
          Status: video.status,
          Title: video.title,
          VideoId: video.videoId,
          CreationTime: video.creationTime,
          MediaType: "video"
        },
        PlayInfoList: { PlayInfo: chosen.map((r) => playInfo(store, video, r)) }
      })
    }),

  GetVideoInfo: (params) =>
    withVideo(store, params, "VideoId", (video) => ok({
      Video: {
        VideoId: video.videoId,
        Title: video.title,
        Duration: video.duration,
        CoverURL: video.coverUrl,
        Status: video.status,
        Size: video.size,
        CreationTime: video.creationTime,
        StorageLocation: `${store.bucket}.oss-${store.region}.aliyuncs.com`,
        RegionId: store.region
      }
    })),

  SubmitAIMediaAuditJob: (params) => {
    const mediaType = param(params, "MediaType") ?? "video"
    if (mediaType !== "video") return invalid("MediaType", "the fake audits videos only")
    return withVideo(store, params, "MediaId", (video) =>
      ok({ JobId: submitJob(store, "SubmitAIMediaAuditJob", video), MediaId: video.videoId }))
  },

  SubmitSnapshotJob: (params) =>
    withVideo(store, params, "VideoId", (video) =>
      ok({ SnapshotJob: { JobId: submitJob(store, "SubmitSnapshotJob", video) } })),

  SubmitTranscodeJobs: (params) => {
    if (param(params, "TemplateGroupId") === undefined) return missing("TemplateGroupId")
    return withVideo(store, params, "VideoId", (video) =>
      ok({
        TranscodeTaskId: randomHex(16),
        TranscodeJobs: { TranscodeJob: [{ JobId: submitJob(store, "SubmitTranscodeJobs", video) }] }
      }))
  }
})
