import { Effect, Layer, ManagedRuntime } from "effect"
import { request } from "node:http"
import { gunzipSync } from "node:zlib"
import { afterAll, describe, expect, it } from "vitest"
import { memoryDatabase } from "../../composition/databases.ts"
import { type Answer, expectEnvelope, useServer } from "./support.ts"

// The read lane answers the lists itself (adapters/http/lane/lists.ts); the handlers answer them behind it. Both
// servers here share one database, so the same request must get the same bytes from each, request id aside.

const masked = (a: Answer) => a.text.replace(/"requestId":"[0-9a-f-]{36}"/, "\"requestId\":\"\"")
const laneLines = (logs: ReadonlyArray<string>) => logs.filter((l) => l.includes("\"fastPath\":true")).length

/** GET with exactly these headers, the raw body kept (fetch would gunzip it). */
const raw = (url: string, headers: Record<string, string>) =>
  new Promise<{ headers: Record<string, string | Array<string> | undefined>; body: Buffer }>((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (c: Buffer) => chunks.push(c))
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }))
    }).on("error", reject).end()
  })

describe("the read lane for the video lists", () => {
  const shared = ManagedRuntime.make(memoryDatabase)
  const database = Layer.effectContext(Effect.map(shared.runtimeEffect, (rt) => rt.context))
  afterAll(() => shared.dispose())
  const lane = useServer({ database, moderation: "off" })
  const app = useServer({ database, moderation: "off", fastPath: false })

  const setUp = async () => {
    const me = expectEnvelope(await lane.get("/user/randomUser"), "200").data as { token: string; userId: string }
    const published: Array<string> = []
    for (let i = 0; i < 7; i++) {
      const { videoId } = expectEnvelope(
        await lane.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "a.mp4" }),
        "200"
      ).data as { videoId: string }
      const answer = await lane.postForm("/vod/videoPublish", {
        token: me.token, videoId, title: `视频 "${i}" 🎬`, duration: `${i}.6`, description: "a\nb", tags: "x,y"
      })
      published.push(expectEnvelope(answer, "200").data.id as string)
    }
    return { me, published }
  }

  it("answers every list request it takes with the handler's bytes, a fresh request id and a log line", async () => {
    const { me, published } = await setUp()
    const lists = ["/vod/getRecommendVideoList", "/vod/getPersonalVideoList"]
    const queries = [
      "pageIndex=1&pageSize=10",
      "pageIndex=2&pageSize=3",
      "pageSize=3&pageIndex=1",
      `pageIndex=1&pageSize=2&id=${published[4]}`,
      "pageIndex=1&pageSize=5&id=1",
      "pageIndex=1&pageSize=50&PACKAGE_NAME=com.x"
    ]
    for (const path of lists) {
      for (const query of queries) {
        for (const auth of ["query", "bearer"] as const) {
          const url = auth === "query" ? `${path}?${query}&token=${me.token}` : `${path}?${query}`
          const init = auth === "bearer" ? { headers: { authorization: `Bearer ${me.token}` } } : undefined
          await lane.call(url, init)
          const before = laneLines(lane.logs())
          const [one, two, reference] = [await lane.call(url, init), await lane.call(url, init), await app.call(url, init)]
          expect(laneLines(lane.logs()) - before, url).toBe(2)
          expectEnvelope(one, "200")
          expect(one.json.requestId).not.toBe(two.json.requestId)
          expect(masked(one), url).toBe(masked(reference))
          expect(masked(two), url).toBe(masked(reference))
        }
      }
    }
    expect(laneLines(app.logs())).toBe(0)
  })

  it("leaves to the app what it cannot answer alike: bad pages, unknown or doubled tokens, odd encodings", async () => {
    const { me } = await setUp()
    const path = "/vod/getRecommendVideoList"
    await lane.get(path, { token: me.token, pageIndex: "1", pageSize: "10" })
    const before = laneLines(lane.logs())
    const cases: Array<[string, string]> = [
      [`${path}?token=${me.token}&pageIndex=0&pageSize=10`, "400"],
      [`${path}?token=${me.token}&pageIndex=1&pageSize=51`, "400"],
      [`${path}?token=${me.token}&pageIndex=01&pageSize=10`, "200"],
      [`${path}?token=${"x".repeat(40)}&pageIndex=1&pageSize=10`, "401"],
      [`${path}?pageIndex=1&pageSize=10`, "401"],
      [`${path}?token=${me.token}&token=${me.token}&pageIndex=1&pageSize=10`, "401"],
      [`${path}?token=${me.token}&page%49ndex=1&pageSize=10`, "200"]
    ]
    for (const [url, code] of cases) {
      const [fromLane, reference] = [await lane.call(url), await app.call(url)]
      expectEnvelope(fromLane, code)
      expect(masked(fromLane).replace(/"message":"[^"]*"/, ""), url).toBe(masked(reference).replace(/"message":"[^"]*"/, ""))
    }
    expect(laneLines(lane.logs()) - before).toBe(0)
  })

  it("sends gzip when asked, which gunzips to the identity bytes; the handler's answer gunzips alike", async () => {
    const { me } = await setUp()
    const url = `/vod/getRecommendVideoList?token=${me.token}&pageIndex=1&pageSize=20`
    await lane.call(url)
    for (const server of [lane, app]) {
      const zipped = await raw(`${server.url()}${url}`, { "accept-encoding": "gzip, deflate, br" })
      const plain = await raw(`${server.url()}${url}`, {})
      expect(zipped.headers["content-encoding"]).toBe("gzip")
      expect(zipped.headers.vary).toContain("accept-encoding")
      expect(plain.headers["content-encoding"]).toBeUndefined()
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2)
      const unzipped = gunzipSync(zipped.body).toString("utf8")
      const id = zipped.headers["x-request-id"] as string
      expect(unzipped).toBe(plain.body.toString("utf8").replace(plain.headers["x-request-id"] as string, id))
    }
  })
})
