import { expect } from "vitest"
import { expectEnvelope, type useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))

/**
 * A new anonymous user's video, uploaded to the local media emulator and published: held for its audit while the
 * job worker is off (`jobWorkerIdle: null`).
 */
export const publishHeldVideo = async (api: Api, title: string) => {
  const owner = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }
  const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: owner.token, title, fileName: "a.mp4" }), "200").data
  const put = await fetch(`${api.url()}/local/${decode(issued.uploadAddress).FileName}`, {
    method: "PUT",
    headers: { "x-oss-security-token": decode(issued.uploadAuth).SecurityToken },
    body: Buffer.from("mp4 bytes")
  })
  expect(put.status).toBe(200)
  expectEnvelope(await api.postForm("/vod/videoPublish", { token: owner.token, videoId: issued.videoId, title }), "200")
  return { videoId: issued.videoId as string, owner }
}

const eventTime = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

/** A VOD audit callback body for a video, dated `offsetSeconds` from now (never in the future for the server). */
export const auditEvent = (videoId: string, suggestion: string, offsetSeconds: number) => ({
  EventType: "AIMediaAuditComplete",
  EventTime: eventTime(offsetSeconds),
  MediaId: videoId,
  Status: "success",
  Data: { Suggestion: suggestion }
})
