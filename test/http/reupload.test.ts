import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))
const eventTime = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

const published = async (api: Api) => {
  const me = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }
  const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "a.mp4" }), "200").data
  const address = decode(issued.uploadAddress)
  const put = (bytes: string) =>
    fetch(`${api.url()}/local/${address.FileName}`, {
      method: "PUT",
      headers: { "x-oss-security-token": decode(issued.uploadAuth).SecurityToken },
      body: Buffer.from(bytes)
    })
  expect((await put("first bytes")).status).toBe(200)
  // Before publication the upload may be refreshed (a long upload outlives its credentials).
  expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: me.token, videoId: issued.videoId }), "200")
  expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId: issued.videoId }), "200")
  return { ...me, videoId: issued.videoId as string, put }
}

/** Whether a write is refused (403) within `ms`, trying every 50 ms. */
const sealedWithin = async (ms: number, write: () => Promise<Response>) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if ((await write()).status === 403) return true
  }
  return false
}

describe("HTTP: a published video's file cannot be swapped without a new audit", () => {
  const api = useServer()
  const post = (body: unknown) =>
    api.call("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  const listed = async (token: string, videoId: string) =>
    expectEnvelope(await api.get("/vod/getRecommendVideoList", { token, pageIndex: "1", pageSize: "50" }), "200")
      .data.videoList.some((v: any) => v.videoId === videoId)

  it("refresh is refused once published, and the emulator refuses new bytes with the old credentials", async () => {
    const video = await published(api)
    const refused = expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: video.token, videoId: video.videoId }), "409")
    expect(refused.message).toContain("published")
    // The emulator seals the key when the job worker submits the publication's jobs (within QU_JOB_POLL_MS, 50 ms
    // here), not in the publish request itself; bytes written before that are what those jobs then audit.
    expect(await sealedWithin(5_000, () => video.put("other bytes"))).toBe(true)
  })

  it("an upload VOD reports after publication and after the audit hides the video until it passes again", async () => {
    const video = await published(api)
    expect((await post({ EventType: "AIMediaAuditComplete", EventTime: eventTime(-1), MediaId: video.videoId, Status: "success", Data: { Suggestion: "pass" } })).status).toBe(200)
    expect(await listed(video.token, video.videoId)).toBe(true)
    // The original upload, reported late: dated before the audit, it changes nothing.
    expect((await post({ EventType: "FileUploadComplete", EventTime: eventTime(-2), VideoId: video.videoId, Status: "success" })).status).toBe(200)
    expect(await listed(video.token, video.videoId)).toBe(true)
    // New bytes (on VOD, with upload credentials still valid): audited again.
    expect((await post({ EventType: "FileUploadComplete", EventTime: eventTime(2), VideoId: video.videoId, Status: "success" })).status).toBe(200)
    expect(await listed(video.token, video.videoId)).toBe(false)
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: video.token, pageIndex: "1", pageSize: "5" }), "200")
    expect(mine.data.videoList.find((v: any) => v.videoId === video.videoId)?.censorStatus).toBe("onCensor")
    expect((await post({ EventType: "AIMediaAuditComplete", EventTime: eventTime(3), MediaId: video.videoId, Status: "success", Data: { Suggestion: "pass" } })).status).toBe(200)
    expect(await listed(video.token, video.videoId)).toBe(true)
  })
})
