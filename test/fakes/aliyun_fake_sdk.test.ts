import { createRequire } from "node:module"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type AliyunFake, startAliyunFake } from "./aliyun_fake.ts"
import { versionOf } from "./aliyun_fake_test_support.ts"

// These CommonJS packages get a different default export from vitest's interop than from Node's ESM loader (which
// TypeScript models); require() with resolution-mode "require" types gives one view that holds in both.
type OpenApiModule = typeof import("@alicloud/openapi-client", { with: { "resolution-mode": "require" } })
type OpenApiUtilModule = typeof import("@alicloud/openapi-util", { with: { "resolution-mode": "require" } })
type TeaUtilModule = typeof import("@alicloud/tea-util", { with: { "resolution-mode": "require" } })
const require = createRequire(import.meta.url)
const { default: OpenApi, Config, OpenApiRequest, Params } = require("@alicloud/openapi-client") as OpenApiModule
const { default: OpenApiUtil } = require("@alicloud/openapi-util") as OpenApiUtilModule
const { RuntimeOptions } = require("@alicloud/tea-util") as TeaUtilModule

interface Keys {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
}

const defaultKeys: Keys = { accessKeyId: "testAccessKeyId", accessKeySecret: "testAccessKeySecret" }

/** Calls the fake through @alicloud/openapi-client 0.4 as docs/reference/aliyun.md §1 describes. */
const callApi = (fake: AliyunFake, action: string, query: Record<string, unknown>, options: {
  readonly keys?: Keys
  readonly v2?: boolean
  readonly readTimeout?: number
} = {}) => {
  const client = new OpenApi(new Config({
    ...(options.keys ?? defaultKeys),
    endpoint: fake.endpoint,
    protocol: "http",
    ...(options.v2 ? { signatureAlgorithm: "v2" } : {})
  }))
  const params = new Params({
    action, version: versionOf(action), protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK",
    style: "RPC", reqBodyType: "formData", bodyType: "json"
  })
  return client.callApi(params, new OpenApiRequest({ query: OpenApiUtil.query(query) }),
    new RuntimeOptions({ readTimeout: options.readTimeout ?? 3000 }))
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail("the call succeeded"), (e: any) => e)

describe("the fake with @alicloud/openapi-client", () => {
  let fake: AliyunFake
  beforeAll(async () => {
    fake = await startAliyunFake()
  })
  afterAll(() => fake.close())
  beforeEach(() => fake.reset())

  for (const v2 of [false, true]) {
    const style = v2 ? "RPC HMAC-SHA1 (v2)" : "ACS3-HMAC-SHA256"
    it(`accepts CreateUploadVideo signed with ${style}, params needing escapes included`, async () => {
      const title = "It's (really) *fine*! 100% ~ok~ 视频"
      const result = await callApi(fake, "CreateUploadVideo", { Title: title, FileName: "a b.mp4" }, { v2 })
      expect(result.statusCode).toBe(200)
      expect(result.body.VideoId).toMatch(/^[0-9a-f]{32}$/)
      expect(fake.calls[0]).toMatchObject({ signature: v2 ? "rpc" : "acs3", params: { Title: title, FileName: "a b.mp4" } })
    })

    it(`accepts calls signed (${style}) with credentials from its own AssumeRole`, async () => {
      const issued = (await callApi(fake, "AssumeRole", { RoleArn: "acs:ram::1234567890123456:role/vod", RoleSessionName: "app" }, { v2 }))
        .body.Credentials
      const keys = { accessKeyId: issued.AccessKeyId, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken }
      const video = fake.putVideo()
      const result = await callApi(fake, "GetVideoPlayAuth", { VideoId: video.videoId }, { keys, v2 })
      expect(result.body.VideoMeta.VideoId).toBe(video.videoId)
    })
  }

  it("a JSON error reaches the SDK as code, statusCode and data", async () => {
    const error = await failure(callApi(fake, "GetVideoPlayAuth", { VideoId: "0".repeat(32) }))
    expect(error.code).toBe("InvalidVideo.NotFound")
    expect(error.statusCode).toBe(404)
    expect(error.data.RequestId).toMatch(/^[0-9A-F-]{36}$/)
  })

  it("injected failures reach the SDK as docs/reference/aliyun.md §1 describes, one request each", async () => {
    fake.failNext(1, "internal")
    expect(await failure(callApi(fake, "GetPlayInfo", {}))).toMatchObject({ code: "InternalError", statusCode: 500 })
    fake.failNext(1, "throttling429")
    expect(await failure(callApi(fake, "GetPlayInfo", {}))).toMatchObject({ code: "Throttling.User", statusCode: 429 })
    fake.failNext(1, "html502")
    expect(await failure(callApi(fake, "GetPlayInfo", {}))).toBeInstanceOf(SyntaxError)
    fake.failNext(1, "reset")
    expect((await failure(callApi(fake, "GetPlayInfo", {}))).code).toBe("ECONNRESET")
    fake.failNext(1, "hang")
    expect((await failure(callApi(fake, "GetPlayInfo", {}, { readTimeout: 200 }))).name).toBe("RequestTimeoutError")
    expect(fake.count("GetPlayInfo")).toBe(5)
  })

  it("close() returns although the SDK's keep-alive agent holds a socket", async () => {
    const other = await startAliyunFake()
    await callApi(other, "CreateUploadVideo", { Title: "t", FileName: "a.mp4" })
    await other.close()
    // ECONNRESET when the SDK's pool has not yet noticed the closed socket, ECONNREFUSED on a new connection.
    const error = await failure(callApi(other, "CreateUploadVideo", { Title: "t", FileName: "a.mp4" }))
    expect(["ECONNRESET", "ECONNREFUSED"]).toContain(error.code)
  })
})
