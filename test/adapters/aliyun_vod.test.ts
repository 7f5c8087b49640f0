import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import * as Vod from "../../adapters/aliyun/vod.ts"
import { vodOn } from "./aliyun_support.ts"
import { VideoId, type VideoUploadRequest } from "../../core/domain/media.ts"
import { UserId } from "../../core/domain/user.ts"
import type { AliyunFake } from "../fakes/aliyun_fake.ts"
import { decodeBase64Json, useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"

const OPTIONS: Vod.VodOptions = {
  templateGroupId: "tg-0001",
  storageLocation: "outin-bucket.oss-cn-shanghai.aliyuncs.com",
  appId: "app-1000000",
  callbackUrl: "https://qu.example.com/callbacks/vod",
  auditTemplateId: "audit-tpl",
  snapshotTemplateId: "snap-tpl"
}

const TITLE = "周末的猫 🐱 It's (really) *fine*!"

const fullRequest: VideoUploadRequest = {
  title: TITLE,
  fileName: "猫 clip.MP4",
  fileSize: Option.some(1_048_576),
  description: Option.some("描述 with emoji 🎬"),
  coverUrl: Option.some("https://img.example.com/cover.jpg?x=1&y=(2)"),
  tags: ["猫", "weekend", "fun"],
  owner: Option.some(UserId.make("42"))
}

const lastParams = (fake: AliyunFake) => fake.calls.at(-1)?.params ?? {}

describe("Aliyun VOD adapter against the fake", () => {
  const { fake } = useAliyunFake()

  for (const signatureAlgorithm of [undefined, "v2"] as const) {
    const style = signatureAlgorithm === undefined ? "ACS3-HMAC-SHA256" : "HMAC-SHA1 (v2)"
    it.live(`createUploadVideo() is signed with ${style} and sends every field as VOD names it`, () =>
      Effect.gen(function*() {
        const created = yield* vodOn(fake(), { signatureAlgorithm }, OPTIONS).createUploadVideo(fullRequest)
        expect(created.videoId).toMatch(/^[0-9a-f]{32}$/)
        expect(fake().calls).toHaveLength(1)
        expect(fake().calls[0]).toMatchObject({
          action: "CreateUploadVideo",
          version: "2017-03-21",
          signature: signatureAlgorithm === undefined ? "acs3" : "rpc",
          outcome: 200
        })
        const { UserData, ...params } = lastParams(fake())
        expect(params).toEqual({
          Title: TITLE,
          FileName: "猫 clip.MP4",
          FileSize: "1048576",
          Description: "描述 with emoji 🎬",
          CoverURL: "https://img.example.com/cover.jpg?x=1&y=(2)",
          Tags: "猫,weekend,fun",
          TemplateGroupId: "tg-0001",
          StorageLocation: "outin-bucket.oss-cn-shanghai.aliyuncs.com",
          AppId: "app-1000000"
        })
        expect(JSON.parse(UserData ?? "")).toEqual({
          MessageCallback: { CallbackURL: "https://qu.example.com/callbacks/vod" },
          Extend: { owner: "user:42" }
        })
        expect(fake().videos.get(created.videoId)?.title).toBe(TITLE)
        const address = decodeBase64Json(created.uploadAddress)
        expect(address).toMatchObject({ Endpoint: "https://oss-cn-shanghai.aliyuncs.com" })
        expect(decodeBase64Json(Redacted.value(created.uploadAuth))).toMatchObject({ Expiration: "3000" })
      }))
  }

  it.live("createUploadVideo() leaves out what is neither given nor configured, and names an anonymous owner", () =>
    Effect.gen(function*() {
      yield* vodOn(fake(), {}, {}).createUploadVideo({
        ...fullRequest,
        fileSize: Option.none(),
        description: Option.none(),
        coverUrl: Option.none(),
        tags: [],
        owner: Option.none()
      })
      const params = lastParams(fake())
      expect(Object.keys(params).sort()).toEqual(["FileName", "Title", "UserData"])
      expect(JSON.parse(params["UserData"] ?? "")).toEqual({ Extend: { owner: "anonymous" } })
    }))

  it.live("refreshUploadVideo() keeps the upload address and hands out a fresh credential", () =>
    Effect.gen(function*() {
      const vod = vodOn(fake(), {}, OPTIONS)
      const created = yield* vod.createUploadVideo(fullRequest)
      const refreshed = yield* vod.refreshUploadVideo(created.videoId)
      expect(refreshed.videoId).toBe(created.videoId)
      expect(refreshed.uploadAddress).toBe(created.uploadAddress)
      expect(Redacted.value(refreshed.uploadAuth)).not.toBe(Redacted.value(created.uploadAuth))
      expect(lastParams(fake())).toEqual({ VideoId: created.videoId })
    }))

  it.live("createUploadImage() sends type, extension, title and tags and maps the image's URL", () =>
    Effect.gen(function*() {
      const image = yield* vodOn(fake(), {}, OPTIONS).createUploadImage({
        imageType: "cover",
        imageExt: "jpg",
        title: Option.some("封面 🖼"),
        tags: ["a", "b"],
        owner: Option.some(UserId.make("7"))
      })
      const { UserData, ...params } = lastParams(fake())
      expect(params).toEqual({
        ImageType: "cover",
        ImageExt: "jpg",
        Title: "封面 🖼",
        Tags: "a,b",
        StorageLocation: OPTIONS.storageLocation,
        AppId: OPTIONS.appId
      })
      expect(JSON.parse(UserData ?? "").Extend).toEqual({ owner: "user:7" })
      expect(fake().images.get(image.imageId)?.imageUrl).toBe(image.imageUrl)
      expect(image.imageUrl).toMatch(/^https:\/\/.+\.jpg$/)
      expect(decodeBase64Json(image.uploadAddress).FileName).toMatch(/^image\/cover\//)
    }))

  it.live("getPlayAuth() maps VideoMeta, its Duration a JSON number", () =>
    Effect.gen(function*() {
      const video = fake().putVideo({ title: "播放 ▶️", duration: 42.5 })
      const auth = yield* vodOn(fake(), {}, OPTIONS).getPlayAuth(VideoId.make(video.videoId))
      expect({ ...auth, playAuth: undefined }).toEqual({
        videoId: video.videoId,
        playAuth: undefined,
        coverUrl: video.coverUrl,
        duration: 42.5,
        title: "播放 ▶️",
        status: "Normal"
      })
      expect(decodeBase64Json(Redacted.value(auth.playAuth)).VideoMeta.VideoId).toBe(video.videoId)
      expect(lastParams(fake())).toEqual({ VideoId: video.videoId, AuthInfoTimeout: "3000" })
    }))

  it.live("getPlayInfo() lists the best definition first and reads VideoBase.Duration given as a string", () =>
    Effect.gen(function*() {
      const video = fake().putVideo({ duration: 12.3 })
      const info = yield* vodOn(fake(), {}, OPTIONS).getPlayInfo(VideoId.make(video.videoId))
      expect(info.playInfos.map((p) => p.definition)).toEqual(["HD", "SD", "LD", "FD"])
      expect(info.playInfos.every((p) => p.format === "mp4" && p.playUrl.startsWith("https://"))).toBe(true)
      expect(info).toMatchObject({ videoId: video.videoId, duration: 12.3, status: "Normal", title: video.title })
    }))

  it.live("deleteVideos() deletes known videos and reports the ids VOD did not know", () =>
    Effect.gen(function*() {
      const known = VideoId.make(fake().putVideo().videoId)
      const unknown = VideoId.make("0".repeat(32))
      const result = yield* vodOn(fake(), {}, OPTIONS).deleteVideos([known, unknown])
      expect(result).toEqual({ nonExistent: [unknown], forbidden: [] })
      expect(lastParams(fake())).toEqual({ VideoIds: `${known},${unknown}` })
      expect(fake().videos.has(known)).toBe(false)
    }))

  it.live("the Submit* jobs send the configured templates and return the cloud's job id", () =>
    Effect.gen(function*() {
      const vod = vodOn(fake(), {}, OPTIONS)
      const videoId = VideoId.make(fake().putVideo().videoId)
      const audit = yield* vod.submitAuditJob(videoId)
      expect(lastParams(fake())).toEqual({ MediaId: videoId, MediaType: "video", TemplateId: "audit-tpl" })
      const snapshot = yield* vod.submitSnapshotJob(videoId)
      expect(lastParams(fake())).toEqual({ VideoId: videoId, SnapshotTemplateId: "snap-tpl" })
      const transcode = yield* vod.submitTranscodeJobs(videoId)
      expect(lastParams(fake())).toEqual({ VideoId: videoId, TemplateGroupId: "tg-0001" })
      expect(fake().jobs.map((j) => [j.action, j.videoId])).toEqual([
        ["SubmitAIMediaAuditJob", videoId],
        ["SubmitSnapshotJob", videoId],
        ["SubmitTranscodeJobs", videoId]
      ])
      expect(audit.jobId).toBe(fake().jobs[0]?.jobId)
      expect(snapshot.jobId).toBe(fake().jobs[1]?.jobId)
      expect(transcode.jobId).toMatch(/^[0-9a-f]{32}$/)
    }))
})
