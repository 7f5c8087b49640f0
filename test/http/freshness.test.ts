import { DateTime, Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { postgresDatabase } from "../../composition/databases.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { TokenGenerator } from "../../core/ports/token_generator.ts"
import * as Tokens from "../../adapters/crypto/token_generator.ts"
import { expectEnvelope, testDatabaseUrl, useIsolatedPostgres, useServer } from "./support.ts"

// docs/reference/api-contract.md §4: lists are never stale — at once on the server that acknowledged a write, within 100 ms on any other
// server sharing the database. Each read below is repeated first, so the read lane holds the page it must drop.

type Api = ReturnType<typeof useServer>

const eventTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z")
const randomUser = async (api: Api) =>
  expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string; nickName: string }
const publish = async (api: Api, token: string) => {
  const { videoId } = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4" }), "200")
    .data as { videoId: string }
  expectEnvelope(await api.postForm("/vod/videoPublish", { token, videoId, title: "新视频" }), "200")
  return videoId
}
const approve = async (api: Api, videoId: string) => {
  const answer = await api.call("/vodcallback/callback", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      EventType: "AIMediaAuditComplete",
      EventTime: eventTime(),
      MediaId: videoId,
      Status: "success",
      Data: { Suggestion: "pass" }
    })
  })
  expect(answer.status).toBe(200)
}
const feed = async (api: Api, token: string, pageSize = 10) =>
  expectEnvelope(await api.get("/vod/getRecommendVideoList", { token, pageIndex: "1", pageSize: String(pageSize) }), "200").data as {
    total: number
    videoList: Array<{ videoId: string; user: { userName: string } }>
  }
const personal = async (api: Api, token: string) =>
  expectEnvelope(await api.get("/vod/getPersonalVideoList", { token, pageIndex: "1", pageSize: "10" }), "200").data as {
    total: number
    videoList: Array<{ videoId: string }>
  }
/** Reads twice (the second read is the lane's, from its kept page) and returns the second. */
const twice = async <A>(read: () => Promise<A>) => {
  await read()
  return read()
}
const ids = (list: { videoList: Array<{ videoId: string }> }) => list.videoList.map((v) => v.videoId)

describe("lists on the server that acknowledged the write (no reuse by time)", () => {
  const api = useServer()

  it("a deleted video leaves both lists and their totals at the next read", async () => {
    const me = await randomUser(api)
    const videoId = await publish(api, me.token)
    await approve(api, videoId)
    const before = await twice(() => feed(api, me.token))
    expect(ids(before)).toContain(videoId)
    expect(ids(await twice(() => personal(api, me.token)))).toContain(videoId)
    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: me.token, userId: me.userId, videoId }), "200")
    const after = await feed(api, me.token)
    expect(ids(after)).not.toContain(videoId)
    expect(after.total).toBe(before.total - 1)
    expect((await personal(api, me.token)).videoList).toEqual([])
  })

  it("a video that passes moderation shows on another user's page 1 at the next read", async () => {
    const author = await randomUser(api)
    const reader = await randomUser(api)
    const videoId = await publish(api, author.token)
    const before = await twice(() => feed(api, reader.token))
    expect(ids(before)).not.toContain(videoId)
    await approve(api, videoId)
    const after = await feed(api, reader.token)
    expect(ids(after)[0]).toBe(videoId)
    expect(after.total).toBe(before.total + 1)
  })

  it("a nickname change shows in the lists at the next read", async () => {
    const me = await randomUser(api)
    await approve(api, await publish(api, me.token))
    expect((await twice(() => feed(api, me.token, 1))).videoList[0]!.user.userName).toBe(me.nickName)
    expectEnvelope(await api.postForm("/user/updateUser", { token: me.token, userId: me.userId, nickname: "刚改的名字" }), "200")
    expect((await feed(api, me.token, 1)).videoList[0]!.user.userName).toBe("刚改的名字")
  })
})

describe.skipIf(Option.isNone(testDatabaseUrl()))("lists and tokens across two servers sharing PostgreSQL", () => {
  const { admin, name, url } = useIsolatedPostgres()
  // Each server builds its own pool and change listener, as two processes would.
  const a = useServer({ database: Layer.suspend(() => postgresDatabase({ url: url(), poolSize: 4 })) })
  const b = useServer({ database: Layer.suspend(() => postgresDatabase({ url: url(), poolSize: 4 })) })
  const withinContractDelay = () => new Promise((resolve) => setTimeout(resolve, 100))

  it("a delete acknowledged by one server is gone from the other's lists 100 ms later", async () => {
    const me = await randomUser(a)
    const videoId = await publish(a, me.token)
    await approve(a, videoId)
    expect(ids(await twice(() => feed(b, me.token)))).toContain(videoId)
    expect(ids(await twice(() => personal(b, me.token)))).toContain(videoId)
    expectEnvelope(await a.postForm("/vod/deleteVideoById", { token: me.token, userId: me.userId, videoId }), "200")
    await withinContractDelay()
    expect(ids(await feed(b, me.token))).not.toContain(videoId)
    expect(ids(await personal(b, me.token))).toEqual([])
  })

  it("a nickname change on one server shows on the other 100 ms later", async () => {
    const me = await randomUser(a)
    await approve(a, await publish(a, me.token))
    expect((await twice(() => feed(b, me.token, 1))).videoList[0]!.user.userName).toBe(me.nickName)
    expectEnvelope(await a.postForm("/user/updateUser", { token: me.token, userId: me.userId, nickname: "另一台改的" }), "200")
    await withinContractDelay()
    expect((await feed(b, me.token, 1)).videoList[0]!.user.userName).toBe("另一台改的")
  })

  it("a token revoked elsewhere stops working on both servers 100 ms later", async () => {
    const me = await randomUser(a)
    await twice(() => feed(a, me.token))
    await twice(() => feed(b, me.token))
    // Revoked by "a third process": straight through the repositories on the same database.
    await ManagedRuntime.make(Layer.mergeAll(postgresDatabase({ url: url(), poolSize: 1 }), Tokens.layer)).runPromise(
      Effect.gen(function*() {
        const hash = (yield* TokenGenerator).hash(Redacted.make(me.token))
        expect(yield* (yield* SessionRepository).revoke(hash, yield* DateTime.now)).toBe(true)
      })
    )
    await withinContractDelay()
    for (const api of [a, b]) {
      expectEnvelope(await api.get("/vod/getRecommendVideoList", { token: me.token, pageIndex: "1", pageSize: "10" }), "401")
    }
  })

  it("while a server's change listener is down it keeps nothing, and after it reconnects it follows again", async () => {
    const me = await randomUser(a)
    const first = await publish(a, me.token)
    expect(ids(await twice(() => personal(b, me.token)))).toEqual([first])
    await admin(`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = '${name}' and application_name = 'qu-appserver listener'`)
    await withinContractDelay()
    const second = await publish(a, me.token)
    expect(ids(await twice(() => personal(b, me.token)))).toEqual([second, first])
    // Reconnected (backoff from 100 ms): a later write is seen again.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expectEnvelope(await a.postForm("/vod/deleteVideoById", { token: me.token, userId: me.userId, videoId: second }), "200")
    await withinContractDelay()
    expect(ids(await personal(b, me.token))).toEqual([first])
  })
})
