import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const eventTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z")

const upload = async (api: Api) => {
  const me = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }
  const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "a.mp4" }), "200").data
  return { token: me.token, videoId: issued.videoId as string }
}

describe("HTTP: stored text fields are bounded and URLs are web URLs", () => {
  const api = useServer({ moderation: "off" })

  it("videoPublish refuses a non-web or overlong coverUrl and an overlong cateName, naming the parameter", async () => {
    const { token, videoId } = await upload(api)
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ coverUrl: "javascript:alert(1)" }, "coverUrl"],
      [{ coverUrl: "data:image/png;base64,AAAA" }, "coverUrl"],
      [{ coverUrl: "/relative/cover.jpg" }, "coverUrl"],
      [{ coverUrl: `https://cdn.test/${"a".repeat(2100)}.jpg` }, "coverUrl"],
      [{ cateName: "类".repeat(65) }, "cateName"],
      [{ description: "d".repeat(1025) }, "description"],
      [{ title: "标".repeat(43) }, "title"]
    ]
    for (const [fields, parameter] of cases) {
      const answer = expectEnvelope(await api.postForm("/vod/videoPublish", { token, videoId, ...fields }), "400")
      expect(answer.message, JSON.stringify(fields).slice(0, 60)).toContain(parameter)
    }
    // Nothing was half-written: the same videoId still publishes, with limits met.
    const ok = await api.postForm("/vod/videoPublish", {
      token, videoId, coverUrl: "https://cdn.test/c.jpg", cateName: "类".repeat(64), description: "d".repeat(1024)
    })
    expect(expectEnvelope(ok, "200").data.coverUrl).toBe("https://cdn.test/c.jpg")
  })

  it("getVideoUploadAuth refuses a coverURL that is not an http(s) URL", async () => {
    const { token } = await upload(api)
    const answer = await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4", coverURL: "javascript:x" })
    expect(expectEnvelope(answer, "400").message).toContain("coverURL")
  })

  it("a VOD event's non-web URLs are dropped, not stored", async () => {
    const { token, videoId } = await upload(api)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token, videoId }), "200")
    const event = { EventType: "SnapshotComplete", EventTime: eventTime(), VideoId: videoId, Status: "success", CoverUrl: "javascript:alert(1)" }
    const posted = await api.call("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })
    expect(posted.status).toBe(200)
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token, pageIndex: "1", pageSize: "5" }), "200")
    const video = mine.data.videoList.find((v: any) => v.videoId === videoId)
    expect(video.snapshotStatus).toBe("success")
    expect(video.coverUrl).toBe("")
    expect(JSON.stringify(mine)).not.toContain("javascript:")
  })
})
