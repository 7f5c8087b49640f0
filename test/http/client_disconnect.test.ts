import { Effect, Layer } from "effect"
import { connect } from "node:net"
import { describe, expect, it } from "vitest"
import { memoryDatabase } from "../../composition/databases.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { expectEnvelope, useServer } from "./support.ts"

/** The memory database, its video inserts taking 300 ms: a window in which the client can leave mid-write. */
const slowInserts = Layer.merge(
  memoryDatabase,
  Layer.effect(
    VideoRepository,
    Effect.map(VideoRepository, (videos) => ({ ...videos, insert: (video) => Effect.zipRight(Effect.sleep("300 millis"), videos.insert(video)) }))
  ).pipe(Layer.provide(memoryDatabase))
)

/** Sends a form POST and closes the connection after `ms`, before any answer. */
const postAndLeave = (url: string, path: string, form: Record<string, string>, ms: number) =>
  new Promise<void>((resolve) => {
    const { hostname, port } = new URL(url)
    const body = new URLSearchParams(form).toString()
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
      setTimeout(() => {
        socket.destroy()
        resolve()
      }, ms)
    })
  })

describe("a client that disconnects in the middle of a write", () => {
  const api = useServer({ database: slowInserts, jobWorkerIdle: null })

  it("does not stop the publish: it is committed whole and listed once", async () => {
    const user = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const upload = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: user.token, title: "t", fileName: "a.mp4" }), "200").data
    await postAndLeave(api.url(), "/vod/videoPublish", { token: user.token, videoId: upload.videoId, title: "left" }, 100)
    await new Promise((resolve) => setTimeout(resolve, 600))
    const list = expectEnvelope(await api.get("/vod/getPersonalVideoList", { token: user.token, pageIndex: "1", pageSize: "10" }), "200").data
    expect(list.videoList.map((v: { videoId: string }) => v.videoId)).toEqual([upload.videoId])
  })
})
