import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))
const eventTime = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

const randomUser = async (api: Api) => expectEnvelope(await api.get("/user/randomUser"), "200").data as {
  token: string
  userId: string
  nickName: string
}
const issue = async (api: Api, token?: string) => {
  const answer = token === undefined
    ? await api.get("/demo/getVideoUploadAuth", { title: "上传标题", fileName: "clip.mp4" })
    : await api.get("/vod/getVideoUploadAuth", { token, title: "上传标题", fileName: "clip.mp4" })
  return expectEnvelope(answer, "200").data as { videoId: string; uploadAddress: string; uploadAuth: string }
}
const callback = (api: Api, body: unknown, headers: Record<string, string> = {}) =>
  api.call("/vodcallback/callback", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body)
  })
const auditPass = (videoId: string, offset = 0) => ({
  EventType: "AIMediaAuditComplete",
  EventTime: eventTime(offset),
  MediaId: videoId,
  Status: "success",
  Data: { Suggestion: "pass" }
})
const ids = (e: any) => e.data.videoList.map((v: any) => v.videoId)

describe("HTTP videos (moderation hold)", () => {
  const api = useServer()

  it("videoPublish answers the Video object with exact JSON types and round-trips text", async () => {
    const me = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    const title = "标题 \"引号\" 🎬 <b>"
    const answer = await api.postForm("/vod/videoPublish", {
      token: me.token, videoId, title, description: "描述\n第二行 'x'", duration: "12.4", coverUrl: "https://cdn.test/c.jpg",
      size: "2048", tags: "旅行, 海边", cateId: "3", cateName: "推荐"
    })
    const v = expectEnvelope(answer, "200").data
    expect(answer.text).toContain("\"duration\":12.0")
    expect(v).toMatchObject({
      videoId, title, description: "描述\n第二行 'x'", coverUrl: "https://cdn.test/c.jpg", size: 2048, cateId: 3,
      cateName: "推荐", tags: "旅行,海边", shareUrl: "", status: "", firstFrameUrl: "", fileUrl: "",
      censorStatus: "onCensor", snapshotStatus: "onSnapshot", transcodeStatus: "onTranscode", narrowTranscodeStatus: "",
      user: { userId: me.userId, userName: me.nickName }
    })
    expect(v.id).toMatch(/^\d+$/)
    expect(v.creationTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    for (const key of ["id", "videoId", "title", "description", "coverUrl", "creationTime", "status", "firstFrameUrl", "cateName", "tags", "shareUrl", "transcodeStatus", "snapshotStatus", "censorStatus", "narrowTranscodeStatus", "fileUrl"]) {
      expect(typeof v[key], key).toBe("string")
    }
  })

  it("videoPublish: twice 409, another user's videoId 403, never issued 404, malformed 400, no token 401", async () => {
    const me = await randomUser(api)
    const other = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: other.token, videoId }), "403")
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "200")
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "409")
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId: "f".repeat(32) }), "404")
    expect(expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId: "xyz" }), "400").message).toContain("videoId")
    expect(expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId, duration: "long" }), "400").message).toContain("duration")
    expectEnvelope(await api.postForm("/vod/videoPublish", { videoId }), "401")
  })

  it("a videoId issued through /demo is claimed by the first user who publishes it", async () => {
    const first = await randomUser(api)
    const second = await randomUser(api)
    const { videoId } = await issue(api)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: first.token, videoId }), "200")
    expectEnvelope(await api.get("/vod/refreshVideoUploadAuth", { token: second.token, videoId }), "403")
    expectEnvelope(await api.get("/demo/refreshVideoUploadAuth", { videoId }), "403")
  })

  it("the feed shows a video only after its audit passes; the personal list shows every state", async () => {
    const me = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId, title: "t" }), "200")
    const feed = expectEnvelope(await api.get("/vod/getRecommendVideoList", { token: me.token, pageIndex: "1", pageSize: "50" }), "200")
    expect(ids(feed)).not.toContain(videoId)
    expect(typeof feed.data.total).toBe("number")
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize: "10" }), "200")
    expect(ids(mine)).toEqual([videoId])
    expect(mine.data.total).toBe(1)
    const ack = await callback(api, auditPass(videoId))
    expect([ack.status, ack.json.message]).toEqual([200, "applied"])
    const raw = await api.get("/vod/getRecommendVideoList", { token: me.token, pageIndex: "1", pageSize: "50" })
    expect(ids(expectEnvelope(raw, "200"))[0]).toBe(videoId)
    expect(raw.text).toMatch(/"duration":\d+\.0/)
  })

  it("events before publish apply at publish; duplicates, late events and unknown types are acknowledged", async () => {
    const me = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    const snapshot = {
      EventType: "SnapshotComplete", EventTime: eventTime(), VideoId: videoId, Status: "success", CoverUrl: "",
      SnapshotInfos: [{ SnapshotRegular: "https://cdn.test/s/snap-{SnapshotCount}.jpg", Status: "success" }]
    }
    expect((await callback(api, snapshot)).json.message).toBe("stored")
    expect((await callback(api, snapshot)).json.message).toBe("duplicate")
    expect((await callback(api, { EventType: "BrandNewEvent", EventTime: eventTime(), VideoId: videoId })).status).toBe(200)
    const v = expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "200").data
    expect(v).toMatchObject({ coverUrl: "https://cdn.test/s/snap-00001.jpg", firstFrameUrl: "https://cdn.test/s/snap-00001.jpg", snapshotStatus: "success" })
    await callback(api, { ...auditPass(videoId, 10), Data: JSON.stringify({ Suggestion: "block" }) })
    await callback(api, auditPass(videoId, -10))
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize: "10" }), "200")
    expect(mine.data.videoList[0].censorStatus).toBe("fail")
  })

  it("the callback answers 400 for malformed JSON, JSON that is not an event, and NUL characters", async () => {
    const bad = await callback(api, "{not json")
    expect([bad.status, typeof bad.json.message]).toEqual([400, "string"])
    expect((await callback(api, { hello: "world" })).status).toBe(400)
    expect((await callback(api, { ...auditPass("a".repeat(32)), Label: "x\u0000y" })).status).toBe(400)
  })

  it("deleteVideoById: owner only, hidden at once, idempotent; a userId not the caller's is 403", async () => {
    const me = await randomUser(api)
    const other = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "200")
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: other.token, videoId, userId: other.userId }), "403")
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: other.token, videoId, userId: me.userId }), "403")
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: me.token, videoId: "e".repeat(32), userId: me.userId }), "404")
    const done = expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: me.token, videoId, userId: me.userId }), "200")
    expect(done.data).toBeNull()
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: me.token, videoId, userId: me.userId }), "200")
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize: "10" }), "200")
    expect(mine.data).toEqual({ total: 0, videoList: [] })
  })

  it("lists validate paging and page both ways: pageIndex alone, or pageIndex=1 with the last id", async () => {
    const me = await randomUser(api)
    const published: Array<string> = []
    for (let i = 0; i < 5; i++) {
      const { videoId } = await issue(api, me.token)
      expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId, title: `v${i}` }), "200")
      published.unshift(videoId)
    }
    for (const pageSize of ["0", "51", "x"]) {
      expect(expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize }), "400").message).toContain("pageSize")
    }
    expect(expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "0", pageSize: "2" }), "400").message).toContain("pageIndex")
    const byOffset: Array<string> = []
    for (let page = 1; page <= 3; page++) {
      byOffset.push(...ids(expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: String(page), pageSize: "2" }), "200")))
    }
    const byCursor: Array<string> = []
    let cursor: string | undefined
    for (;;) {
      const e = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize: "2", ...(cursor ? { id: cursor } : {}) }), "200")
      expect(e.data.total).toBe(5)
      if (e.data.videoList.length === 0) break
      byCursor.push(...ids(e))
      cursor = e.data.videoList.at(-1).id
    }
    expect(byOffset).toEqual(published)
    expect(byCursor).toEqual(published)
  })

  it("a nickname change shows in lists", async () => {
    const me = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "200")
    expectEnvelope(await api.postForm("/user/updateUser", { token: me.token, userId: me.userId, nickname: "新昵称" }), "200")
    const mine = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: me.token, pageIndex: "1", pageSize: "1" }), "200")
    expect(mine.data.videoList[0].user.userName).toBe("新昵称")
  })

  it("getVideoById answers its owner play info of an uploaded video, 403 before upload; 404 to others and for an unknown id", async () => {
    const me = await randomUser(api)
    const { uploadAddress, uploadAuth, videoId } = await issue(api, me.token)
    expectEnvelope(await api.get("/vodVideo/getVideoById", { videoId, token: me.token }), "403")
    expectEnvelope(await api.get("/vodVideo/getVideoById", { videoId }), "404")
    expectEnvelope(await api.get("/vodVideo/getVideoById", { videoId: "d".repeat(32) }), "404")
    const address = decode(uploadAddress)
    const put = await fetch(`${api.url()}/local-oss/${address.Bucket}/${address.FileName}`, {
      method: "PUT",
      headers: { "x-oss-security-token": decode(uploadAuth).SecurityToken, "content-type": "video/mp4" },
      body: Buffer.from("fake mp4 bytes")
    })
    expect(put.status).toBe(200)
    // Not published: only its owner plays it.
    expectEnvelope(await api.get("/vodVideo/getVideoById", { videoId }), "404")
    const info = expectEnvelope(await api.get("/vodVideo/getVideoById", { videoId, token: me.token }), "200").data
    expect(info.videoBase).toMatchObject({ videoId, title: "上传标题" })
    expect(typeof info.videoBase.duration).toBe("string")
    expect(info.playInfoList[0]).toMatchObject({ definition: expect.any(String), format: "mp4" })
    expect(info.playInfoList[0].playURL).toContain(address.FileName)
  })
})

describe("HTTP videos (moderation off)", () => {
  const api = useServer({ moderation: "off" })

  it("shows a video in the feed at once, and hides it when the audit fails", async () => {
    const me = await randomUser(api)
    const { videoId } = await issue(api, me.token)
    const v = expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId }), "200").data
    expect(v.censorStatus).toBe("success")
    const feed = () => api.get("/vod/getRecommendVideoList", { token: me.token, pageIndex: "1", pageSize: "50" })
    expect(ids(expectEnvelope(await feed(), "200"))).toContain(videoId)
    await callback(api, { ...auditPass(videoId), Data: { Suggestion: "block" } })
    expect(ids(expectEnvelope(await feed(), "200"))).not.toContain(videoId)
  })
})

describe("HTTP VOD callback with a key", () => {
  const url = "https://appserver.example.com/vodcallback/callback"
  const api = useServer({ callback: { url, keys: ["current-key", "previous-key"] } })
  const sign = (ts: string, key: string) => createHash("md5").update(`${url}|${ts}|${key}`).digest("hex")

  it("accepts the current and the previous key, and refuses bad, stale or missing signatures with 403", async () => {
    const body = { EventType: "FileUploadComplete", EventTime: eventTime(), VideoId: "c".repeat(32), FileUrl: "https://x" }
    const now = String(Math.floor(Date.now() / 1000))
    const headers = (ts: string, key: string) => ({ "x-vod-timestamp": ts, "x-vod-signature": sign(ts, key) })
    expect((await callback(api, body, headers(now, "current-key"))).status).toBe(200)
    expect((await callback(api, { ...body, FileUrl: "https://y" }, headers(now, "previous-key"))).status).toBe(200)
    expect((await callback(api, body, headers(now, "wrong-key"))).status).toBe(403)
    const stale = String(Number(now) - 600)
    expect((await callback(api, body, headers(stale, "current-key"))).status).toBe(403)
    expect((await callback(api, body)).status).toBe(403)
    expect(api.logs().join("\n")).not.toContain("current-key")
  })
})
