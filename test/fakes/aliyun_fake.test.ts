import { describe, expect, it } from "vitest"
import { startAliyunFake } from "./aliyun_fake.ts"
import { isoSeconds } from "./aliyun_fake_support.ts"
import { buildRpcCall } from "./aliyun_request_builder.ts"
import { requestIdPattern, send, useAliyunFake } from "./aliyun_fake_test_support.ts"

const upload = { Title: "Cats (2024)! it's *great*", FileName: "clip.mp4" }

describe("startAliyunFake() signature checks", () => {
  const { fake, rpc, acs3, rpcCall } = useAliyunFake()

  it("accepts an RPC-signed call and records its business params", async () => {
    const answer = await rpc("CreateUploadVideo", upload)
    expect(answer.status).toBe(200)
    expect(answer.json.RequestId).toMatch(requestIdPattern)
    expect(fake().calls).toEqual([
      { action: "CreateUploadVideo", version: "2017-03-21", params: upload, signature: "rpc", outcome: 200, code: undefined }
    ])
  })

  it("accepts an ACS3-signed call with params in the query and in a form body", async () => {
    const answer = await acs3("CreateUploadVideo", { Title: upload.Title }, { bodyParams: { FileName: "clip.mp4" } })
    expect(answer.status).toBe(200)
    expect(fake().calls[0]).toMatchObject({ action: "CreateUploadVideo", params: upload, signature: "acs3", outcome: 200 })
  })

  it("rejects an unsigned call with 400 SignatureDoesNotMatch and the gateway's error body", async () => {
    const answer = await send({ url: `http://${fake().endpoint}/?Action=CreateUploadVideo&Version=2017-03-21&Title=t`, init: {} })
    expect(answer.status).toBe(400)
    expect(answer.contentType).toBe("application/json;charset=utf-8")
    expect(Object.keys(answer.json)).toEqual(["RequestId", "HostId", "Code", "Message", "Recommend"])
    expect(answer.json).toMatchObject({ Code: "SignatureDoesNotMatch", HostId: fake().endpoint })
    expect(answer.json.RequestId).toMatch(requestIdPattern)
  })

  it("rejects calls signed with a wrong secret (both styles) with 400 SignatureDoesNotMatch", async () => {
    for (const answer of [
      await rpc("CreateUploadVideo", upload, { accessKeySecret: "wrong" }),
      await acs3("CreateUploadVideo", upload, { accessKeySecret: "wrong" })
    ]) expect([answer.status, answer.json.Code]).toEqual([400, "SignatureDoesNotMatch"])
    expect(fake().videos.size).toBe(0)
  })

  it("rejects a param changed after signing", async () => {
    const call = rpcCall("CreateUploadVideo", upload)
    const answer = await send({ ...call, url: call.url.replace("clip.mp4", "clap.mp4") })
    expect([answer.status, answer.json.Code]).toEqual([400, "SignatureDoesNotMatch"])
  })

  it("answers 404 InvalidAccessKeyId.NotFound to an unknown AccessKeyId", async () => {
    for (const accessKeyId of ["nobody", "toString"]) {
      const answer = await rpc("CreateUploadVideo", upload, { accessKeyId })
      expect([answer.status, answer.json.Code]).toEqual([404, "InvalidAccessKeyId.NotFound"])
    }
  })

  it("rejects a reused nonce with 400 SignatureNonceUsed (RPC and ACS3)", async () => {
    for (const call of [rpcCall("CreateUploadVideo", upload), rpcCall("CreateUploadVideo", upload, { nonce: "n-1" })]) {
      expect((await send(call)).status).toBe(200)
      const again = await send(call)
      expect([again.status, again.json.Code]).toEqual([400, "SignatureNonceUsed"])
    }
    const reused = await acs3("CreateUploadVideo", upload, { nonce: "n-1" })
    expect([reused.status, reused.json.Code]).toEqual([400, "SignatureNonceUsed"])
  })

  it("rejects a timestamp more than 15 minutes off with 400 InvalidTimeStamp.Expired", async () => {
    const stale = isoSeconds(Date.now() - 16 * 60_000)
    const early = isoSeconds(Date.now() + 16 * 60_000)
    for (const answer of [
      await rpc("CreateUploadVideo", upload, { timestamp: stale }),
      await acs3("CreateUploadVideo", upload, { timestamp: early })
    ]) expect([answer.status, answer.json.Code]).toEqual([400, "InvalidTimeStamp.Expired"])
    const recent = await rpc("CreateUploadVideo", upload, { timestamp: isoSeconds(Date.now() - 14 * 60_000) })
    expect(recent.status).toBe(200)
  })

  it("answers 404 InvalidAction.NotFound to an unknown action and 400 InvalidVersion to a known one at a wrong version", async () => {
    const unknown = await rpc("DescribeRegions")
    expect([unknown.status, unknown.json.Code]).toEqual([404, "InvalidAction.NotFound"])
    const wrongVersion = await acs3("AssumeRole", {}, { version: "2017-03-21" })
    expect([wrongVersion.status, wrongVersion.json.Code]).toEqual([400, "InvalidVersion"])
    const prototypeKey = await rpc("constructor")
    expect(prototypeKey.json.Code).toBe("InvalidAction.NotFound")
  })
})

describe("startAliyunFake() failure injection", () => {
  const { fake, rpc, acs3 } = useAliyunFake()

  it("failNext(2, 'internal') answers two 500 InternalError, then the real answer", async () => {
    fake().failNext(2, "internal")
    const answers = [await rpc("CreateUploadVideo", upload), await acs3("CreateUploadVideo", upload), await rpc("CreateUploadVideo", upload)]
    expect(answers.map((a) => [a.status, a.json.Code])).toEqual([[500, "InternalError"], [500, "InternalError"], [200, undefined]])
    expect(fake().calls.map((c) => c.outcome)).toEqual([500, 500, 200])
    expect(fake().videos.size).toBe(1)
  })

  it("throttling answers 400 Throttling.User, throttling429 answers 429, a custom kind its own status and code", async () => {
    fake().failNext(1, "throttling")
    fake().failNext(1, "throttling429")
    fake().failNext(1, { status: 503, code: "ServiceUnAvailable", message: "busy" })
    const answers = [await rpc("CreateUploadVideo", upload), await rpc("CreateUploadVideo", upload), await rpc("CreateUploadVideo", upload)]
    expect(answers.map((a) => [a.status, a.json.Code])).toEqual([[400, "Throttling.User"], [429, "Throttling.User"], [503, "ServiceUnAvailable"]])
    expect(answers[2]?.json.Message).toBe("busy")
  })

  it("failNext() with an action fails only that action", async () => {
    fake().failNext(1, "internal", "AssumeRole")
    expect((await rpc("CreateUploadVideo", upload)).status).toBe(200)
    const assume = await rpc("AssumeRole", { RoleArn: "acs:ram::1234567890123456:role/uploader", RoleSessionName: "s1" })
    expect(assume.status).toBe(500)
    expect((await rpc("AssumeRole", { RoleArn: "acs:ram::1234567890123456:role/uploader", RoleSessionName: "s1" })).status).toBe(200)
  })

  it("html502 answers a text/html 502 page", async () => {
    fake().failNext(1, "html502")
    const answer = await rpc("CreateUploadVideo", upload)
    expect(answer.status).toBe(502)
    expect(answer.contentType).toBe("text/html")
    expect(answer.text).toContain("<title>502 Bad Gateway</title>")
  })

  it("reset destroys the connection", async () => {
    fake().failNext(1, "reset")
    await expect(rpc("CreateUploadVideo", upload)).rejects.toThrow()
    expect(fake().calls.map((c) => c.outcome)).toEqual(["reset"])
    expect((await rpc("CreateUploadVideo", upload)).status).toBe(200)
  })

  it("count() counts received calls per action, failed ones included; reset() forgets them", async () => {
    fake().failNext(1, "throttling")
    await rpc("CreateUploadVideo", upload)
    await rpc("CreateUploadVideo", upload)
    await rpc("GetVideoPlayAuth", { VideoId: "0".repeat(32) })
    expect([fake().count("CreateUploadVideo"), fake().count("GetVideoPlayAuth"), fake().count("DeleteVideo"), fake().count()])
      .toEqual([2, 1, 0, 3])
    fake().reset()
    expect([fake().count(), fake().videos.size]).toEqual([0, 0])
  })
})

describe("AliyunFake.close()", () => {
  it("returns while a 'hang' request is pending and fails that request", { timeout: 5_000 }, async () => {
    const fake = await startAliyunFake()
    fake.failNext(1, "hang")
    const pending = fetch(buildRpcCall({ endpoint: fake.endpoint, action: "CreateUploadVideo", version: "2017-03-21", params: upload }).url, { method: "POST" })
    const outcome = pending.then(() => "answered", () => "failed")
    while (fake.count() === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(fake.calls[0]?.outcome).toBe("hang")
    await fake.close()
    expect(await outcome).toBe("failed")
  })

  it("closes idle keep-alive connections too", { timeout: 5_000 }, async () => {
    const fake = await startAliyunFake()
    const call = buildRpcCall({ endpoint: fake.endpoint, action: "CreateUploadVideo", version: "2017-03-21", params: upload })
    const answer = await fetch(call.url, call.init)
    expect(answer.headers.get("connection")).toBe("keep-alive")
    await answer.text()
    await fake.close()
    await expect(fetch(call.url, call.init)).rejects.toThrow()
  })
})
