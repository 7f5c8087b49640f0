import { describe, expect, it } from "vitest"
import { decodeBase64Json, useAliyunFake } from "./aliyun_fake_test_support.ts"

const hex32 = /^[0-9a-f]{32}$/

describe("fake VOD upload actions", () => {
  const { fake, rpc, acs3 } = useAliyunFake()

  it("CreateUploadVideo issues a VideoId, an UploadAddress and an UploadAuth per docs/reference/aliyun.md §6, and records the video", async () => {
    const userData = JSON.stringify({ Extend: { userId: "42" } })
    const answer = await acs3("CreateUploadVideo", { Title: "标题 (1)", FileName: "/sdcard/DCIM/Clip.MOV", UserData: userData })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.json)).toEqual(["RequestId", "VideoId", "UploadAddress", "UploadAuth"])
    expect(answer.json.VideoId).toMatch(hex32)
    const address = decodeBase64Json(answer.json.UploadAddress)
    expect(Object.keys(address)).toEqual(["Endpoint", "Bucket", "FileName"])
    expect(address.Endpoint).toBe("https://oss-cn-shanghai.aliyuncs.com")
    expect(address.FileName).toMatch(/^sv\/[0-9a-f-]+\/[0-9a-f-]+\.mov$/)
    const auth = decodeBase64Json(answer.json.UploadAuth)
    expect(Object.keys(auth)).toEqual(["SecurityToken", "AccessKeyId", "AccessKeySecret", "Expiration", "ExpireUTCTime", "Region"])
    expect(auth).toMatchObject({ Expiration: "3000", Region: "cn-shanghai" })
    expect(auth.ExpireUTCTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(fake().videos.get(answer.json.VideoId)).toMatchObject({ title: "标题 (1)", userData, status: "Normal" })
  })

  it("CreateUploadVideo refuses a missing Title, a Title over 128 bytes and a FileName without extension", async () => {
    const cases = [
      [{ FileName: "a.mp4" }, "MissingParameter"],
      [{ Title: "t" }, "MissingParameter"],
      [{ Title: "字".repeat(43), FileName: "a.mp4" }, "LengthExceededMax"],
      [{ Title: "t", FileName: "video" }, "InvalidFileName.Extension"],
      [{ Title: "t", FileName: "dir.d/.mp4" }, "InvalidFileName.Extension"],
      [{ Title: "t", FileName: "a.mp4", Tags: Array.from({ length: 17 }, (_, i) => `t${i}`).join(",") }, "TagsExceededMax"],
      [{ Title: "t", FileName: "a.mp4", UserData: "not json" }, "InvalidParameter"]
    ] as const
    for (const [params, code] of cases) {
      const answer = await rpc("CreateUploadVideo", params)
      expect([answer.status, answer.json.Code], JSON.stringify(params)).toEqual([400, code])
    }
    expect((await rpc("CreateUploadVideo", { Title: "字".repeat(42) + "ab", FileName: "a.mp4" })).status).toBe(200)
  })

  it("RefreshUploadVideo answers the same UploadAddress with a fresh UploadAuth; 404 for an unknown video", async () => {
    const created = (await rpc("CreateUploadVideo", { Title: "t", FileName: "a.mp4" })).json
    const refreshed = (await rpc("RefreshUploadVideo", { VideoId: created.VideoId })).json
    expect(refreshed.VideoId).toBe(created.VideoId)
    expect(refreshed.UploadAddress).toBe(created.UploadAddress)
    expect(decodeBase64Json(refreshed.UploadAuth).AccessKeyId).not.toBe(decodeBase64Json(created.UploadAuth).AccessKeyId)
    const unknown = await rpc("RefreshUploadVideo", { VideoId: "f".repeat(32) })
    expect([unknown.status, unknown.json.Code]).toEqual([404, "InvalidVideo.NotFound"])
  })

  it("CreateUploadImage answers an image URL with the extension asked, and checks ImageType and ImageExt", async () => {
    const answer = await rpc("CreateUploadImage", { ImageType: "cover", ImageExt: "jpg" })
    expect(Object.keys(answer.json)).toEqual(["RequestId", "ImageId", "ImageURL", "FileURL", "UploadAddress", "UploadAuth"])
    expect(answer.json.ImageURL).toMatch(/^https:\/\/.+\.jpg$/)
    expect(decodeBase64Json(answer.json.UploadAddress).FileName).toMatch(/^image\/cover\/.+\.jpg$/)
    expect(fake().images.get(answer.json.ImageId)).toMatchObject({ imageType: "cover", imageExt: "jpg" })
    expect((await rpc("CreateUploadImage", { ImageType: "default" })).json.ImageURL).toMatch(/\.png$/)
    expect((await rpc("CreateUploadImage", {})).json.Code).toBe("MissingParameter")
    expect((await rpc("CreateUploadImage", { ImageType: "banner" })).json.Code).toBe("InvalidParameter")
    expect((await rpc("CreateUploadImage", { ImageType: "cover", ImageExt: "bmp" })).json.Code).toBe("InvalidParameter")
  })

  it("DeleteVideo removes known videos, lists unknown ones in NonExistVideoIds and refuses more than 20 ids", async () => {
    const a = fake().putVideo()
    const b = fake().putVideo()
    const answer = await rpc("DeleteVideo", { VideoIds: `${a.videoId},${"0".repeat(32)},${b.videoId}` })
    expect(answer.json.NonExistVideoIds).toEqual({ VideoId: ["0".repeat(32)] })
    expect(fake().videos.size).toBe(0)
    expect((await rpc("DeleteVideo", { VideoIds: a.videoId })).json.NonExistVideoIds.VideoId).toEqual([a.videoId])
    const many = Array.from({ length: 21 }, (_, i) => String(i).padStart(32, "0")).join(",")
    expect((await rpc("DeleteVideo", { VideoIds: many })).json.Code).toBe("InvalidParameter")
    const c = fake().putVideo()
    expect(Object.keys((await rpc("DeleteVideo", { VideoIds: c.videoId })).json)).toEqual(["RequestId"])
  })
})

describe("fake VOD playback and media actions", () => {
  const { fake, rpc } = useAliyunFake()

  it("GetVideoPlayAuth answers a PlayAuth and VideoMeta with a numeric Duration", async () => {
    const video = fake().putVideo({ title: "cats", duration: 12.3 })
    const answer = await rpc("GetVideoPlayAuth", { VideoId: video.videoId })
    expect(answer.text).toContain(`"Duration":12.3`)
    expect(answer.json.VideoMeta).toEqual({ CoverURL: video.coverUrl, Duration: 12.3, Status: "Normal", Title: "cats", VideoId: video.videoId })
    expect(decodeBase64Json(answer.json.PlayAuth)).toHaveProperty("VideoMeta")
    expect((await rpc("GetVideoPlayAuth", { VideoId: video.videoId, AuthInfoTimeout: "99" })).json.Code).toBe("InvalidParameter")
  })

  it("GetVideoPlayAuth and GetPlayInfo answer 403 Forbidden.IllegalStatus unless Normal, 404 for an unknown video", async () => {
    const video = fake().putVideo()
    fake().setVideoStatus(video.videoId, "Uploading")
    for (const action of ["GetVideoPlayAuth", "GetPlayInfo"]) {
      const answer = await rpc(action, { VideoId: video.videoId })
      expect([answer.status, answer.json.Code]).toEqual([403, "Forbidden.IllegalStatus"])
      const unknown = await rpc(action, { VideoId: "1".repeat(32) })
      expect([unknown.status, unknown.json.Code]).toEqual([404, "InvalidVideo.NotFound"])
    }
  })

  it("GetPlayInfo answers VideoBase with a string Duration and one PlayInfo per definition", async () => {
    const video = fake().putVideo({ duration: 12.3 })
    const answer = await rpc("GetPlayInfo", { VideoId: video.videoId })
    expect(answer.json.VideoBase).toMatchObject({ Duration: "12.3", Status: "Normal", VideoId: video.videoId })
    const infos = answer.json.PlayInfoList.PlayInfo
    expect(infos.map((i: { Definition: string }) => i.Definition)).toEqual(["FD", "LD", "SD", "HD"])
    expect(Object.keys(infos[0])).toEqual(["PlayURL", "Definition", "Format", "Bitrate", "Duration", "Size", "Width", "Height"])
    expect(infos[0]).toMatchObject({ Format: "mp4", Duration: "12.3" })
    const hd = await rpc("GetPlayInfo", { VideoId: video.videoId, Definition: "HD" })
    expect(hd.json.PlayInfoList.PlayInfo).toHaveLength(1)
  })

  it("submits audit, snapshot and transcode jobs for known videos and records them", async () => {
    const video = fake().putVideo()
    const audit = (await rpc("SubmitAIMediaAuditJob", { MediaId: video.videoId, MediaType: "video" })).json
    expect(audit).toMatchObject({ MediaId: video.videoId, JobId: expect.stringMatching(hex32) })
    const snapshot = (await rpc("SubmitSnapshotJob", { VideoId: video.videoId })).json
    expect(snapshot.SnapshotJob.JobId).toMatch(hex32)
    const transcode = (await rpc("SubmitTranscodeJobs", { VideoId: video.videoId, TemplateGroupId: "tg" })).json
    expect(transcode.TranscodeTaskId).toMatch(hex32)
    expect(transcode.TranscodeJobs.TranscodeJob[0].JobId).toMatch(hex32)
    expect(fake().jobs.map((j) => [j.action, j.videoId])).toEqual([
      ["SubmitAIMediaAuditJob", video.videoId], ["SubmitSnapshotJob", video.videoId], ["SubmitTranscodeJobs", video.videoId]
    ])
    expect((await rpc("SubmitTranscodeJobs", { VideoId: video.videoId })).json.Code).toBe("MissingParameter")
    expect((await rpc("SubmitAIMediaAuditJob", { MediaId: "2".repeat(32) })).status).toBe(404)
  })
})
