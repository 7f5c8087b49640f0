import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { memoryDatabase } from "../../composition/databases.ts"
import { type RawHttpAnswer, rawHttp } from "./_raw_http.ts"
import { expectEnvelope, useServer } from "./support.ts"

const LISTED = "https://app.example.com"
const OTHER = "https://evil.example.net"
const laneLines = (logs: ReadonlyArray<string>) => logs.filter((l) => l.includes("\"fastPath\":true")).length

describe("HTTP CORS for the origins in QU_CORS_ORIGINS", () => {
  const api = useServer({ corsOrigins: [LISTED, "http://localhost:5173"] })
  const raw = (path: string, options?: Parameters<typeof rawHttp>[1]) => rawHttp(`${api.url()}${path}`, options)
  const preflight = (origin: string) =>
    raw("/user/login", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" }
    })

  it("answers a preflight from a listed origin with 204 and that origin, never *, never credentials", async () => {
    const answer = await preflight(LISTED)
    expect(answer.status).toBe(204)
    expect(answer.headers).toMatchObject({
      "access-control-allow-origin": LISTED,
      "access-control-allow-methods": "GET, HEAD, POST",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
      vary: "origin",
      "x-content-type-options": "nosniff"
    })
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined()
    expect((await preflight("http://localhost:5173")).headers["access-control-allow-origin"]).toBe("http://localhost:5173")
  })

  it("leaves a preflight from any other origin (or a look-alike) to the app, which allows nothing", async () => {
    for (const origin of [OTHER, `${LISTED}.evil.example.net`, `${LISTED}/`, "HTTPS://APP.EXAMPLE.COM", "null", "*"]) {
      const answer = await preflight(origin)
      expect(answer.status, origin).toBe(200)
      expect(answer.headers["access-control-allow-origin"], origin).toBeUndefined()
      expect(answer.headers["vary"], origin).toBe("origin")
    }
  })

  it("adds the listed origin to answers of the app and of the read lane, with Vary: Origin on every answer", async () => {
    const before = laneLines(api.logs())
    for (const path of ["/user/randomUser", "/nope", "/resource/getPasterInfo", "/resource/getMv", "/assets/avatars/avatar-01.png"]) {
      const listed = await raw(path, { headers: { origin: LISTED, "accept-encoding": "gzip" } })
      expect(listed.headers["access-control-allow-origin"], path).toBe(LISTED)
      expect(listed.headers["access-control-expose-headers"], path).toBe("x-request-id")
      expect(listed.headers["access-control-allow-credentials"], path).toBeUndefined()
      for (const headers of [{ origin: OTHER }, {}]) {
        const other = await raw(path, { headers })
        expect(other.headers["access-control-allow-origin"], path).toBeUndefined()
        expect(other.headers["access-control-expose-headers"], path).toBeUndefined()
        expect(String(other.headers["vary"]).split(", "), path).toContain("origin")
      }
    }
    expect(laneLines(api.logs()) - before).toBe(6)
  })
})

describe("the read lane answers with the headers the app answers", () => {
  // Two servers on one database: the lane in front of one, none in front of the other (as test/http/read_lane.test.ts).
  const shared = ManagedRuntime.make(memoryDatabase)
  const database = Layer.effectContext(Effect.map(shared.runtimeEffect, (rt) => rt.context))
  afterAll(() => shared.dispose())
  const corsOrigins = [LISTED]
  const lane = useServer({ database, corsOrigins, moderation: "off" })
  const app = useServer({ database, corsOrigins, moderation: "off", fastPath: false })

  // What differs by nature: the date, the request id, and the size of a gzip body (each compresses its own way).
  const comparable = (answer: RawHttpAnswer) => {
    const { date: _date, "x-request-id": _id, ...rest } = answer.headers
    if (rest["content-encoding"] === "gzip") delete rest["content-length"]
    return rest
  }

  it("for catalogue reads and both lists, with and without gzip and Origin", async () => {
    const me = expectEnvelope(await lane.get("/user/randomUser"), "200").data as { token: string }
    for (let i = 0; i < 3; i++) {
      const { videoId } = expectEnvelope(
        await lane.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "a.mp4" }),
        "200"
      ).data as { videoId: string }
      expectEnvelope(await lane.postForm("/vod/videoPublish", { token: me.token, videoId, title: `v${i}` }), "200")
    }
    const paths = [
      "/resource/getPasterInfo",
      "/resource/getFont?fontId=1",
      "/music/getRecommendMusic?pageNo=1&pageSize=20",
      `/vod/getRecommendVideoList?pageIndex=1&pageSize=1&token=${me.token}`,
      `/vod/getPersonalVideoList?pageIndex=1&pageSize=10&token=${me.token}`
    ]
    const variants: Array<Record<string, string>> = [
      {},
      { "accept-encoding": "gzip" },
      { origin: LISTED, "accept-encoding": "gzip, deflate, br" },
      { origin: LISTED },
      { origin: OTHER, "accept-encoding": "gzip" }
    ]
    for (const path of paths) await lane.call(path) // the lists' lane answers for tokens its session cache holds
    const before = laneLines(lane.logs())
    for (const path of paths) {
      for (const headers of variants) {
        const [fromLane, fromApp] = [await rawHttp(`${lane.url()}${path}`, { headers }), await rawHttp(`${app.url()}${path}`, { headers })]
        expect(comparable(fromLane), `${path} ${JSON.stringify(headers)}`).toEqual(comparable(fromApp))
      }
    }
    expect(laneLines(lane.logs()) - before).toBe(paths.length * variants.length)
    expect(laneLines(app.logs())).toBe(0)
  })
})
