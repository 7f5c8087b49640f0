import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

// docs/reference/api-contract.md §4 "Extra client calls": the player examples' /player paths and the Android app's live list.

const STS_KEYS = ["Expiration", "accessKeyId", "accessKeySecret", "expiration", "securityToken"]

describe("HTTP extra client calls", () => {
  const api = useServer()
  const login = async () => expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }

  it("/player/getVideoSts answers what /demo/getSts answers, with or without a token", async () => {
    const demo = expectEnvelope(await api.get("/demo/getSts"), "200").data
    const { token } = await login()
    for (const answer of [await api.get("/player/getVideoSts"), await api.get("/player/getVideoSts", { token: "nonsense" }),
      await api.get("/player/getVideoSts", { token })]) {
      const d = expectEnvelope(answer, "200").data
      expect(Object.keys(d).sort()).toEqual(STS_KEYS)
      for (const v of Object.values(d)) expect(typeof v).toBe("string")
      expect(d.Expiration).toBe(d.expiration)
      // Each call issues fresh credentials; they come from the same issuer.
      expect(d.accessKeyId.split(".")[0]).toBe(demo.accessKeyId.split(".")[0])
    }
    expect(Object.keys(demo).sort()).toEqual(STS_KEYS)
  })

  it("/player/getVideoPlayAuth validates videoId and answers the codes /demo/getVideoPlayAuth answers", async () => {
    for (const path of ["/demo/getVideoPlayAuth", "/player/getVideoPlayAuth"]) {
      expect(expectEnvelope(await api.get(path), "400").message, path).toContain("videoId")
      expect(expectEnvelope(await api.get(path, { videoId: "nope" }), "400").message, path).toContain("videoId")
    }
    const unknown = { videoId: "a".repeat(32) }
    const demo = expectEnvelope(await api.get("/demo/getVideoPlayAuth", unknown), "404")
    expect(expectEnvelope(await api.get("/player/getVideoPlayAuth", unknown), "404").message).toBe(demo.message)
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const { videoId } = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "a.mp4" }), "200").data
    expectEnvelope(await api.get("/demo/getVideoPlayAuth", { videoId, token }), "403")
    expectEnvelope(await api.get("/player/getVideoPlayAuth", { videoId, token }), "403")
  })

  it("getRecommendLiveList answers 401 without a token or with a bad one", async () => {
    for (const params of [{}, { pageIndex: "1", pageSize: "10" }, { token: "nonsense", pageIndex: "1", pageSize: "10" }]) {
      expect(expectEnvelope(await api.get("/vod/getRecommendLiveList", params), "401").message)
        .toBe("Please log in the system!")
    }
  })

  it("getRecommendLiveList answers 400 naming the page parameter, as the video lists do", async () => {
    const { token } = await login()
    const cases: Array<[Record<string, string>, string]> = [
      [{ pageSize: "10" }, "pageIndex"],
      [{ pageIndex: "1" }, "pageSize"],
      [{ pageIndex: "x", pageSize: "10" }, "pageIndex"],
      [{ pageIndex: "1.5", pageSize: "10" }, "pageIndex"],
      [{ pageIndex: "0", pageSize: "10" }, "pageIndex"],
      [{ pageIndex: "1", pageSize: "0" }, "pageSize"],
      [{ pageIndex: "1", pageSize: "51" }, "pageSize"]
    ]
    for (const [params, parameter] of cases) {
      const live = expectEnvelope(await api.get("/vod/getRecommendLiveList", { token, ...params }), "400").message
      expect(live, JSON.stringify(params)).toContain(parameter)
      const video = expectEnvelope(await api.get("/vod/getRecommendVideoList", { token, ...params }), "400").message
      expect(live, JSON.stringify(params)).toBe(video)
    }
  })

  it("getRecommendLiveList answers an empty list by default, with exact JSON types", async () => {
    const { token } = await login()
    for (const params of [{ pageIndex: "1", pageSize: "10" }, { pageIndex: "3", pageSize: "50", keyWords: "x" }]) {
      const answer = await api.get("/vod/getRecommendLiveList", { token, ...params })
      expect(expectEnvelope(answer, "200").data).toEqual({ total: 0, liveList: [] })
      expect(answer.text).toContain(`"data":{"total":0,"liveList":[]}`)
    }
    const bearer = await api.get("/vod/getRecommendLiveList", { pageIndex: "1", pageSize: "10" }, { authorization: `Bearer ${token}` })
    expect(expectEnvelope(bearer, "200").data).toEqual({ total: 0, liveList: [] })
  })

  it("the new paths appear in /openapi.json with a summary", async () => {
    const spec = (await api.get("/openapi.json")).json
    for (const path of ["/player/getVideoSts", "/player/getVideoPlayAuth", "/vod/getRecommendLiveList"]) {
      expect(spec.paths[path]?.get?.summary, path).toEqual(expect.any(String))
    }
  })
})

describe("HTTP /player with the demo API switched off", () => {
  const api = useServer({ demoEnabled: false })

  it("answers the same refusal as /demo", async () => {
    const demo = expectEnvelope(await api.get("/demo/getSts"), "404")
    expect(expectEnvelope(await api.get("/player/getVideoSts"), "404").message).toBe(demo.message)
    const unknown = { videoId: "a".repeat(32) }
    expect(expectEnvelope(await api.get("/demo/getVideoPlayAuth", unknown), "404").message).toBe(demo.message)
    expect(expectEnvelope(await api.get("/player/getVideoPlayAuth", unknown), "404").message).toBe(demo.message)
  })

  it("leaves the live list alone (it needs a token, not the demo switch)", async () => {
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    expect(expectEnvelope(await api.get("/vod/getRecommendLiveList", { token, pageIndex: "1", pageSize: "10" }), "200").data)
      .toEqual({ total: 0, liveList: [] })
  })
})

describe("HTTP /player rate limit", () => {
  const api = useServer({ demoRatePerMinute: 5 })

  it("shares one per-address count with /demo", async () => {
    const codes: Array<string> = []
    for (const path of ["/demo/getSts", "/player/getVideoSts", "/demo/getSts", "/player/getVideoSts", "/player/getVideoSts",
      "/player/getVideoSts", "/demo/getSts"]) {
      codes.push((await api.get(path)).json.code)
    }
    expect(codes).toEqual(["200", "200", "200", "200", "200", "429", "429"])
    expectEnvelope(await api.get("/player/getVideoPlayAuth", { videoId: "a".repeat(32) }), "429")
  })
})
