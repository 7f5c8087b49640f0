import { describe, expect, it } from "vitest"
import { auditEvent } from "./held_video.ts"
import { expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))
/** A user's uploaded and published video (moderation hold: waiting for its audit). */
const publishedVideo = async (api: Api) => {
  const me = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }
  const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "a.mp4" }), "200").data
  const address = decode(issued.uploadAddress)
  const put = await fetch(`${api.url()}/local/${address.FileName}`, {
    method: "PUT",
    headers: { "x-oss-security-token": decode(issued.uploadAuth).SecurityToken },
    body: Buffer.from("mp4 bytes")
  })
  expect(put.status).toBe(200)
  expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId: issued.videoId }), "200")
  return { token: me.token, userId: me.userId, videoId: issued.videoId as string }
}

/** The codes of both play calls for a video, without a token or with one. */
const playCodes = async (api: Api, videoId: string, token?: string) => {
  const params = token === undefined ? { videoId } : { videoId, token }
  const codes = await Promise.all(["/demo/getVideoPlayAuth", "/vodVideo/getVideoById"].map(async (path) =>
    (await api.get(path, params)).json.code))
  return codes
}

describe("HTTP play rules (moderation hold)", () => {
  const api = useServer({ jobWorkerIdle: null })
  const post = (body: unknown) =>
    api.call("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

  it("held, blocked and deleted videos play only for their owner, or nobody once deleted", async () => {
    const mine = await publishedVideo(api)
    const other = expectEnvelope(await api.get("/user/randomUser"), "200").data.token as string
    // Held for audit.
    expect(await playCodes(api, mine.videoId)).toEqual(["404", "404"])
    expect(await playCodes(api, mine.videoId, other)).toEqual(["404", "404"])
    expect(await playCodes(api, mine.videoId, mine.token)).toEqual(["200", "200"])
    // Passed: anyone.
    expect((await post(auditEvent(mine.videoId, "pass", -60))).status).toBe(200)
    expect(await playCodes(api, mine.videoId)).toEqual(["200", "200"])
    // Blocked: only the owner.
    expect((await post(auditEvent(mine.videoId, "block", -30))).status).toBe(200)
    expect(await playCodes(api, mine.videoId)).toEqual(["404", "404"])
    expect(await playCodes(api, mine.videoId, mine.token)).toEqual(["200", "200"])
    // Deleted: nobody.
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: mine.token, videoId: mine.videoId, userId: mine.userId }), "200")
    expect(await playCodes(api, mine.videoId, mine.token)).toEqual(["404", "404"])
  })
})

describe("HTTP /vodVideo/getVideoById rate limit", () => {
  const api = useServer({ demoRatePerMinute: 3, demoEnabled: false })

  it("answers 429 past the per-address rate, with the demo API switched off", async () => {
    const codes: Array<string> = []
    for (let i = 0; i < 5; i++) codes.push((await api.get("/vodVideo/getVideoById", { videoId: "a".repeat(32) })).json.code)
    expect(codes).toEqual(["404", "404", "404", "429", "429"])
  })
})
