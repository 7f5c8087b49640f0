import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

describe("a missing required parameter is reported before a malformed one", () => {
  const api = useServer()

  it("names the missing parameter whatever the order of the parameters", async () => {
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const cases: Array<[string, Record<string, string>, string]> = [
      ["/vod/getRecommendVideoList", { token, pageIndex: "x" }, "pageSize is required"],
      ["/vod/getPersonalVideoList", { token, pageSize: "x" }, "pageIndex is required"],
      ["/vod/getVideoUploadAuth", { token, fileSize: "big", title: "t" }, "fileName is required"],
      ["/music/getRecommendMusic", { pageNo: "x" }, "pageSize is required"]
    ]
    for (const [path, params, message] of cases) {
      expect(expectEnvelope(await api.get(path, params), "400").message, path).toBe(message)
    }
    const publish = await api.postForm("/vod/videoPublish", { token, duration: "long", size: "x" })
    expect(expectEnvelope(publish, "400").message).toBe("videoId is required")
    // With nothing missing, the malformed one is named.
    expect(expectEnvelope(await api.get("/vod/getRecommendVideoList", { token, pageIndex: "x", pageSize: "10" }), "400").message)
      .toContain("pageIndex")
  })
})
