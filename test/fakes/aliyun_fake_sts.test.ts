import { describe, expect, it } from "vitest"
import { useAliyunFake } from "./aliyun_fake_test_support.ts"

const role = { RoleArn: "acs:ram::1234567890123456:role/vod-uploader", RoleSessionName: "user-42" }

let clock = Date.now()

describe("fake STS AssumeRole", () => {
  const { fake, rpc, acs3 } = useAliyunFake({ now: () => clock })

  it("issues STS credentials that expire DurationSeconds from now, without milliseconds", async () => {
    clock = Date.now()
    const answer = await acs3("AssumeRole", { ...role, DurationSeconds: "900" })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.json)).toEqual(["RequestId", "AssumedRoleUser", "Credentials"])
    expect(answer.json.AssumedRoleUser.Arn).toBe("acs:ram::1234567890123456:role/vod-uploader/user-42")
    expect(answer.json.AssumedRoleUser.AssumedRoleId).toMatch(/^\d+:user-42$/)
    const credentials = answer.json.Credentials
    expect(Object.keys(credentials)).toEqual(["AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"])
    expect(credentials.AccessKeyId).toMatch(/^STS\./)
    expect(credentials.Expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(Date.parse(credentials.Expiration) - Math.floor(clock / 1000) * 1000).toBe(900_000)
  })

  it("records the Policy it was given", async () => {
    const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "vod:*", Resource: "*" }] })
    await rpc("AssumeRole", { ...role, Policy: policy })
    expect(fake().assumedRoles).toHaveLength(1)
    expect(fake().assumedRoles[0]).toMatchObject({ ...{ roleArn: role.RoleArn, roleSessionName: "user-42" }, policy, durationSeconds: 3600 })
  })

  it("refuses missing or malformed RoleArn, RoleSessionName, DurationSeconds and Policy", async () => {
    const cases = [
      [{ RoleSessionName: "s1" }, "MissingParameter"],
      [{ RoleArn: role.RoleArn }, "MissingParameter"],
      [{ ...role, RoleArn: "acs:ram::abc:role/x" }, "InvalidParameter.RoleArn"],
      [{ ...role, RoleSessionName: "x" }, "InvalidParameter.RoleSessionName"],
      [{ ...role, RoleSessionName: "bad name" }, "InvalidParameter.RoleSessionName"],
      [{ ...role, DurationSeconds: "899" }, "InvalidParameter.DurationSeconds"],
      [{ ...role, DurationSeconds: "3601" }, "InvalidParameter.DurationSeconds"],
      [{ ...role, Policy: "{not json" }, "InvalidParameter.PolicyGrammar"],
      [{ ...role, Policy: JSON.stringify({ Version: "1", Pad: "x".repeat(2048) }) }, "InvalidParameter.PolicyLength"]
    ] as const
    for (const [params, code] of cases) {
      const answer = await rpc("AssumeRole", params)
      expect([answer.status, answer.json.Code], JSON.stringify(params)).toEqual([400, code])
    }
    expect(fake().assumedRoles).toHaveLength(0)
  })

  it("accepts calls signed with issued credentials and their token, in both styles, until they expire", async () => {
    clock = Date.now()
    const issued = (await rpc("AssumeRole", role)).json.Credentials
    const sts = { accessKeyId: issued.AccessKeyId, accessKeySecret: issued.AccessKeySecret, securityToken: issued.SecurityToken }
    const upload = { Title: "t", FileName: "a.mp4" }
    expect((await rpc("CreateUploadVideo", upload, sts)).status).toBe(200)
    expect((await acs3("CreateUploadVideo", upload, sts)).status).toBe(200)
    const { securityToken: _token, ...withoutToken } = sts
    const mismatch = await acs3("CreateUploadVideo", upload, withoutToken)
    expect([mismatch.status, mismatch.json.Code]).toEqual([400, "InvalidSecurityToken.MismatchWithAccessKey"])
    clock = Date.now() + 3601_000
    const expired = await rpc("CreateUploadVideo", upload, { ...sts, timestamp: new Date(clock).toISOString() })
    expect([expired.status, expired.json.Code]).toEqual([400, "InvalidSecurityToken.Expired"])
  })
})
