import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))

describe("HTTP credentials (/vod with a token, /demo without)", () => {
  const api = useServer()
  const login = async () => expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }

  it("every /vod path answers 401 without a token", async () => {
    for (const path of ["/vod/getSts", "/vod/getVideoUploadAuth", "/vod/refreshVideoUploadAuth", "/vod/getImageUploadAuth"]) {
      expect(expectEnvelope(await api.get(path), "401").message, path).toBe("Please log in the system!")
    }
  })

  it("getSts answers string credentials with expiration and Expiration in ISO-8601 UTC", async () => {
    const { token } = await login()
    for (const answer of [await api.get("/vod/getSts", { token }), await api.get("/demo/getSts")]) {
      const d = expectEnvelope(answer, "200").data
      expect(Object.keys(d).sort()).toEqual(["Expiration", "accessKeyId", "accessKeySecret", "expiration", "securityToken"])
      for (const v of Object.values(d)) expect(typeof v).toBe("string")
      expect(d.expiration).toMatch(ISO_UTC)
      expect(d.Expiration).toBe(d.expiration)
    }
  })

  it("getVideoUploadAuth answers a videoId and base64 JSON address and auth", async () => {
    const { token } = await login()
    const d = expectEnvelope(
      await api.get("/vod/getVideoUploadAuth", { token, title: "我的视频 \"1\" 🎬", fileName: "clip.MOV", fileSize: "1024", tags: "a,b" }),
      "200"
    ).data
    expect(Object.keys(d).sort()).toEqual(["uploadAddress", "uploadAuth", "videoId"])
    expect(d.videoId).toMatch(/^[0-9a-f]{32}$/)
    expect(Object.keys(decode(d.uploadAddress)).sort()).toEqual(["Bucket", "Endpoint", "FileName"])
    expect(decode(d.uploadAuth)).toMatchObject({ Expiration: "3000" })
  })

  it("getVideoUploadAuth takes a full local path as fileName (the Android app's) and uses its last component", async () => {
    const { token } = await login()
    for (const fileName of ["/storage/emulated/0/DCIM/Camera/VID_1.mp4", "C:\\Users\\me\\Videos\\clip.MOV", "dir/a.mp4"]) {
      const d = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName }), "200").data
      const stored = decode(d.uploadAddress).FileName as string
      expect(stored, fileName).not.toMatch(/storage|Users|dir\//)
      expect(stored.toLowerCase(), fileName).toMatch(/\.(mp4|mov)$/)
    }
    for (const fileName of ["/storage/emulated/0/DCIM/Camera/", "/storage/emulated/0/VID_1", "C:\\clip.exe"]) {
      expect(expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName }), "400").message, fileName)
        .toContain("fileName")
    }
  })

  it("getVideoUploadAuth answers 400 naming the parameter for bad input", async () => {
    const { token } = await login()
    const cases: Array<[Record<string, string>, string]> = [
      [{ fileName: "a.mp4" }, "title"],
      [{ title: "t" }, "fileName"],
      [{ title: "t", fileName: "a.exe" }, "fileName"],
      [{ title: "x".repeat(129), fileName: "a.mp4" }, "title"],
      [{ title: "t", fileName: "a.mp4", fileSize: "big" }, "fileSize"],
      [{ title: "t", fileName: "a.mp4", fileSize: "-5" }, "fileSize"],
      [{ title: "t", fileName: "a.mp4", tags: Array.from({ length: 17 }, (_, i) => `t${i}`).join(",") }, "tags"]
    ]
    for (const [params, parameter] of cases) {
      expect(expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, ...params }), "400").message).toContain(parameter)
    }
  })

  it("refreshVideoUploadAuth: the owner may, another user gets 403, an unknown id 404, a bad id 400", async () => {
    const owner = await login()
    const other = await login()
    const { videoId, uploadAddress } = expectEnvelope(
      await api.get("/vod/getVideoUploadAuth", { token: owner.token, title: "t", fileName: "a.mp4" }),
      "200"
    ).data
    const refreshed = expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: owner.token, videoId }), "200").data
    expect(refreshed.videoId).toBe(videoId)
    expect(refreshed.uploadAddress).toBe(uploadAddress)
    expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: other.token, videoId }), "403")
    expectEnvelope(await api.get("/demo/refreshVideoUploadAuth", { videoId }), "403")
    expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: owner.token, videoId: "0".repeat(32) }), "404")
    expect(expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: owner.token, videoId: "nope" }), "400").message)
      .toContain("videoId")
  })

  it("a videoId issued anonymously may be refreshed anonymously and by a user", async () => {
    const { videoId } = expectEnvelope(await api.get("/demo/getVideoUploadAuth", { title: "t", fileName: "a.mp4" }), "200").data
    expectEnvelope(await api.get("/demo/refreshVideoUploadAuth", { videoId }), "200")
    const { token } = await login()
    expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token, videoId }), "200")
  })

  it("getImageUploadAuth answers imageId and imageURL; png by default; bad type or ext is 400", async () => {
    const { token } = await login()
    const d = expectEnvelope(await api.get("/vod/getImageUploadAuth", { token, imageType: "cover" }), "200").data
    expect(Object.keys(d).sort()).toEqual(["imageId", "imageURL", "uploadAddress", "uploadAuth"])
    expect(d.imageURL).toMatch(/\.png$/)
    expect(expectEnvelope(await api.get("/demo/getImageUploadAuth", { imageType: "poster" }), "400").message).toContain("imageType")
    expect(expectEnvelope(await api.get("/demo/getImageUploadAuth", { imageType: "default", imageExt: "bmp" }), "400").message)
      .toContain("imageExt")
    const jpg = expectEnvelope(await api.get("/demo/getImageUploadAuth", { imageType: "default", imageExt: "jpg" }), "200").data
    expect(jpg.imageURL).toMatch(/\.jpg$/)
  })

  it("getVideoPlayAuth answers 404 for an unknown or unpublished video, and its owner 403 before the file is uploaded", async () => {
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId: "a".repeat(32) }), "404")
    const { videoId } = expectEnvelope(await api.get("/demo/getVideoUploadAuth", { title: "t", fileName: "a.mp4" }), "200").data
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId }), "404")
    const { token } = await login()
    const mine = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4" }), "200").data
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId: mine.videoId }), "404")
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId: mine.videoId, token }), "403")
  })

  it("no credential reaches the log", async () => {
    const { token } = await login()
    const sts = expectEnvelope(await api.get("/vod/getSts", { token }), "200").data
    const upload = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4" }), "200").data
    const logs = api.logs().join("\n")
    for (const secret of [token, sts.accessKeySecret, sts.securityToken, upload.uploadAuth]) expect(logs).not.toContain(secret)
  })
})

describe("HTTP /demo switched off", () => {
  const api = useServer({ demoEnabled: false })

  it("answers 404 on every /demo path while /vod still works", async () => {
    expect(expectEnvelope(await api.get("/demo/getSts"), "404").message).toMatch(/demo/i)
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId: "a".repeat(32) }), "404")
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    expectEnvelope(await api.get("/vod/getSts", { token }), "200")
  })
})

describe("HTTP /demo rate limit", () => {
  const api = useServer({ demoRatePerMinute: 5 })

  it("answers 429 past the per-address rate, and /vod is not limited", async () => {
    const codes: Array<string> = []
    for (let i = 0; i < 8; i++) codes.push((await api.get("/demo/getSts")).json.code)
    expect(codes).toEqual(["200", "200", "200", "200", "200", "429", "429", "429"])
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    for (let i = 0; i < 8; i++) expectEnvelope(await api.get("/vod/getSts", { token }), "200")
  })
})
