import { describe, expect, it } from "vitest"
import { buildAcs3Call } from "./aliyun_request_builder.ts"
import {
  acs3CanonicalRequest,
  acs3Signature,
  pct,
  type ReceivedRequest,
  rpcSignature,
  rpcStringToSign,
  sha256Hex,
  verifyAcs3,
  verifyRpc
} from "./aliyun_signature.ts"

const emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// docs/reference/aliyun.md §2, the published ACS3 vector.
const acs3Vector = {
  headers: {
    host: "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": emptyBodyHash,
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-version": "2014-05-26"
  },
  query: "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
  signedHeaders: "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
  signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
}

const vectorRequest = (query = acs3Vector.query, signature = acs3Vector.signature): ReceivedRequest => ({
  method: "POST",
  path: "/",
  query,
  body: Buffer.alloc(0),
  headers: {
    ...acs3Vector.headers,
    authorization: `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${acs3Vector.signedHeaders},Signature=${signature}`
  }
})

const vectorSecret = (id: string) => (id === "YourAccessKeyId" ? "YourAccessKeySecret" : undefined)

// docs/reference/aliyun.md §3, the published RPC vectors.
const describeRegions = {
  AccessKeyId: "testid",
  Action: "DescribeRegions",
  Format: "XML",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  SignatureVersion: "1.0",
  Timestamp: "2016-02-23T12:46:24Z",
  Version: "2014-05-26"
}
const getVideoPlayAuth = {
  AccessKeyId: "testAccessKeyId",
  Action: "GetVideoPlayAuth",
  Format: "JSON",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "8f8a035d-6496-4268-afd4-67c22837e38d",
  SignatureVersion: "1.0",
  Timestamp: "2017-10-10T12:02:54Z",
  Version: "2017-03-21",
  VideoId: "5aed81b74ba84920be578cdfe004af4b"
}
const vodSecret = (id: string) => (id === "testAccessKeyId" ? "testAccessKeySecret" : undefined)

describe("pct()", () => {
  it("encodes like encodeURIComponent plus ! ' ( ) *, keeping ~ and writing space as %20", () => {
    expect(pct("a b!'()*~/+=&é")).toBe("a%20b%21%27%28%29%2A~%2F%2B%3D%26%C3%A9")
  })
})

describe("ACS3-HMAC-SHA256", () => {
  it("acs3CanonicalRequest() hashes to the published 7ea06492… for the RunInstances vector", () => {
    const canonical = acs3CanonicalRequest({
      method: "POST",
      path: "/",
      query: { RegionId: "cn-shanghai", ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd" },
      headers: acs3Vector.headers,
      signedHeaders: acs3Vector.signedHeaders.split(";"),
      hashedPayload: sha256Hex("")
    })
    expect(sha256Hex(canonical)).toBe("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
    expect(acs3Signature("YourAccessKeySecret", canonical)).toBe(acs3Vector.signature)
  })

  it("verifyAcs3() accepts the published vector and rejects it with a tampered query param", () => {
    expect(verifyAcs3(vectorRequest(), vectorSecret)).toEqual({ ok: true, accessKeyId: "YourAccessKeyId" })
    const tampered = vectorRequest(acs3Vector.query.replace("cn-shanghai", "cn-beijing"))
    expect(verifyAcs3(tampered, vectorSecret)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" })
  })

  it("verifyAcs3() rejects a wrong signature, an unknown key, an unsigned x-acs header and a missing header", () => {
    expect(verifyAcs3(vectorRequest(undefined, "0".repeat(64)), vectorSecret)).toMatchObject({ code: "SignatureDoesNotMatch" })
    expect(verifyAcs3(vectorRequest(), () => undefined)).toMatchObject({ code: "InvalidAccessKeyId.NotFound" })
    const extra = vectorRequest()
    expect(verifyAcs3({ ...extra, headers: { ...extra.headers, "x-acs-security-token": "t" } }, vectorSecret))
      .toMatchObject({ code: "IncompleteSignature" })
    const { authorization, ...unsigned } = extra.headers
    expect(verifyAcs3({ ...extra, headers: unsigned }, vectorSecret)).toMatchObject({ code: "SignatureDoesNotMatch" })
    expect(verifyAcs3({ ...extra, headers: { ...unsigned, authorization: `${authorization} ` + "x" } }, vectorSecret))
      .toMatchObject({ code: "IncompleteSignature" })
  })

  it("verifyAcs3() decodes the non-canonical wire query ( ! ' ( ) * left raw ) before re-encoding it", () => {
    const call = buildAcs3Call({
      endpoint: "127.0.0.1:9",
      action: "CreateUploadVideo",
      version: "2017-03-21",
      params: { Title: "it's (really) *fine*! ok", FileName: "a b.mp4" },
      bodyParams: { Description: "form (body)" }
    })
    const query = call.url.slice(call.url.indexOf("?") + 1)
    expect(query).toContain("it's%20(really)%20*fine*!")
    const headers = { ...(call.init.headers as Record<string, string>), host: "127.0.0.1:9" }
    const received: ReceivedRequest = {
      method: "POST",
      path: "/",
      query,
      headers,
      body: Buffer.from(String(call.init.body))
    }
    expect(verifyAcs3(received, vodSecret)).toEqual({ ok: true, accessKeyId: "testAccessKeyId" })
    expect(verifyAcs3({ ...received, body: Buffer.from("Description=other") }, vodSecret))
      .toMatchObject({ code: "SignatureDoesNotMatch" })
  })
})

describe("RPC HMAC-SHA1", () => {
  it("rpcSignature() gives the published DescribeRegions GET signature OLeaidS1JvxuMvnyHOwuJ+uX5qY=", () => {
    expect(rpcSignature("testsecret", rpcStringToSign("GET", describeRegions))).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
  })

  it("rpcSignature() gives the published DescribeRegions POST signature MxbnVAM4w6sft9xjVpe/GCKueuk=", () => {
    expect(rpcSignature("testsecret", rpcStringToSign("POST", describeRegions))).toBe("MxbnVAM4w6sft9xjVpe/GCKueuk=")
  })

  it("rpcSignature() gives the published VOD GetVideoPlayAuth GET signature Ibgh7y8Vp47LBuAsf5Xhi1SvDss=", () => {
    expect(rpcSignature("testAccessKeySecret", rpcStringToSign("GET", getVideoPlayAuth))).toBe("Ibgh7y8Vp47LBuAsf5Xhi1SvDss=")
  })

  it("verifyRpc() accepts the VOD vector and rejects it once a param is tampered with", () => {
    const signed = { ...getVideoPlayAuth, Signature: "Ibgh7y8Vp47LBuAsf5Xhi1SvDss=" }
    expect(verifyRpc("GET", signed, vodSecret)).toEqual({ ok: true, accessKeyId: "testAccessKeyId" })
    expect(verifyRpc("GET", { ...signed, VideoId: "5aed81b74ba84920be578cdfe004af4c" }, vodSecret))
      .toMatchObject({ ok: false, code: "SignatureDoesNotMatch" })
    expect(verifyRpc("POST", signed, vodSecret)).toMatchObject({ ok: false, code: "SignatureDoesNotMatch" })
  })

  it("verifyRpc() rejects an unsigned call, an unknown key and another signature method", () => {
    expect(verifyRpc("GET", getVideoPlayAuth, vodSecret)).toMatchObject({ code: "SignatureDoesNotMatch" })
    const signed = { ...getVideoPlayAuth, Signature: "Ibgh7y8Vp47LBuAsf5Xhi1SvDss=" }
    expect(verifyRpc("GET", signed, () => undefined)).toMatchObject({ code: "InvalidAccessKeyId.NotFound" })
    expect(verifyRpc("GET", { ...signed, SignatureMethod: "HMAC-SHA256" }, vodSecret)).toMatchObject({ code: "IncompleteSignature" })
  })
})
