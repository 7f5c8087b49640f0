import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))
const issue = (api: Api, token: string | undefined, fileSize?: string) =>
  token === undefined
    ? api.get("/demo/getVideoUploadAuth", { title: "t", fileName: "a.mp4", ...(fileSize ? { fileSize } : {}) })
    : api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4", ...(fileSize ? { fileSize } : {}) })

describe("HTTP upload quotas", () => {
  const api = useServer({
    maxUploadBytes: 1000,
    pendingUploads: {
      perUser: { maxUploads: 2, maxBytes: 1500 },
      perAddress: { maxUploads: 4, maxBytes: 100_000 },
      ttl: Duration.hours(24)
    }
  })
  const user = async () => expectEnvelope(await api.get("/user/randomUser"), "200").data.token as string

  it("a user holds at most 2 unpublished uploads, and publishing one makes room", async () => {
    const token = await user()
    const first = expectEnvelope(await issue(api, token, "100"), "200").data
    expectEnvelope(await issue(api, token, "100"), "200")
    expect(expectEnvelope(await issue(api, token, "100"), "429").message).toContain("unpublished uploads")
    expectEnvelope(await api.postForm("/vod/videoPublish", { token, videoId: first.videoId }), "200")
    expectEnvelope(await issue(api, token, "100"), "200")
  })

  it("undeclared sizes reserve the largest upload against the bytes quota", async () => {
    const token = await user()
    expectEnvelope(await issue(api, token), "200")
    expectEnvelope(await issue(api, token, "600"), "429")
    expectEnvelope(await issue(api, token, "500"), "200")
  })

  it("an address holds at most 4, whoever asks (anonymous demo grants included)", async () => {
    // The two tests above left 4 unpublished uploads from this address.
    expect(expectEnvelope(await issue(api, undefined, "1"), "429").message).toContain("this address")
    expectEnvelope(await issue(api, await user(), "1"), "429")
  })
})

describe("HTTP unpublished uploads expire", () => {
  const api = useServer({
    pendingUploads: {
      perUser: { maxUploads: 10, maxBytes: 1e12 },
      perAddress: { maxUploads: 100, maxBytes: 1e12 },
      ttl: Duration.millis(300)
    },
    maintenanceInterval: Duration.millis(100)
  })

  it("after the expiry their file is removed and publishing them is 404", async () => {
    const token = expectEnvelope(await api.get("/user/randomUser"), "200").data.token as string
    const issued = expectEnvelope(await issue(api, token), "200").data
    const address = decode(issued.uploadAddress)
    const objectUrl = `${api.url()}/local/${address.FileName}`
    const put = await fetch(objectUrl, {
      method: "PUT",
      headers: { "x-oss-security-token": decode(issued.uploadAuth).SecurityToken },
      body: Buffer.from("bytes never published")
    })
    expect(put.status).toBe(200)
    expect((await fetch(objectUrl)).status).toBe(200)
    let status = 200
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((done) => setTimeout(done, 100))
      status = (await fetch(objectUrl)).status
    }
    expect(status).toBe(404)
    expectEnvelope(await api.postForm("/vod/videoPublish", { token, videoId: issued.videoId }), "404")
  })
})
