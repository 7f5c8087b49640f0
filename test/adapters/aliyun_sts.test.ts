import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Logger, Redacted } from "effect"
import { makeSdkClient, type SdkOptions } from "../../adapters/aliyun/_sdk.ts"
import * as Sts from "../../adapters/aliyun/sts.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { cachedCredentialIssuer } from "../../core/caches/credential_cache.ts"
import type { AliyunFake } from "../fakes/aliyun_fake.ts"
import { send, useAliyunFake, versionOf } from "../fakes/aliyun_fake_test_support.ts"
import { buildRpcCall } from "../fakes/aliyun_request_builder.ts"

const ROLE_ARN = "acs:ram::1234567890123456:role/qu-vod-upload"

/** The real STS adapter on the real SDK, pointed at the fake. */
const stsOn = (fake: AliyunFake, options: Partial<Sts.StsOptions> = {}, sdk: Partial<SdkOptions> = {}) =>
  Sts.make(makeSdkClient({
    accessKeyId: "testAccessKeyId",
    accessKeySecret: Redacted.make("testAccessKeySecret"),
    endpoint: fake.endpoint,
    protocol: "http",
    version: "2015-04-01",
    attemptTimeout: Duration.seconds(2),
    maxAttempts: 3,
    retryBase: Duration.millis(10),
    ...sdk
  }), { roleArn: ROLE_ARN, durationSeconds: 3600, policy: Sts.DEFAULT_STS_POLICY, ...options })

/** As composition wires it: the STS issuer behind the single-flight cache. */
const cachedOn = (fake: AliyunFake) =>
  cachedCredentialIssuer().pipe(Effect.provideService(CredentialIssuer, stsOn(fake)))

const quiet = Logger.replace(Logger.defaultLogger, Logger.none)

describe("Aliyun STS adapter against the fake", () => {
  const { fake } = useAliyunFake()

  it.live("100 concurrent issue calls on the cached issuer make exactly one AssumeRole call", () =>
    Effect.gen(function*() {
      const cached = yield* cachedOn(fake())
      const all = yield* Effect.all(Array.from({ length: 100 }, () => cached.issue), { concurrency: "unbounded" })
      expect(fake().count("AssumeRole")).toBe(1)
      const granted = fake().assumedRoles[0]?.credentials
      expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set([granted?.accessKeyId]))
      expect((yield* cached.issue).accessKeyId).toBe(granted?.accessKeyId)
      expect(fake().count()).toBe(1)
    }))

  for (const signatureAlgorithm of [undefined, "v2"] as const) {
    it.live(`issue sends the least-privilege policy and maps the answer (${signatureAlgorithm ?? "ACS3"})`, () =>
      Effect.gen(function*() {
        const credentials = yield* stsOn(fake(), {}, { signatureAlgorithm }).issue
        const [role] = fake().assumedRoles
        expect(role).toMatchObject({ roleArn: ROLE_ARN, roleSessionName: "qu-appserver", durationSeconds: 3600 })
        expect(role?.policy).toBe(Sts.DEFAULT_STS_POLICY)
        type Statement = { readonly Effect: string; readonly Action: ReadonlyArray<string> }
        const statements = JSON.parse(role?.policy ?? "").Statement as ReadonlyArray<Statement>
        expect(statements.every((s) => s.Effect === "Allow")).toBe(true)
        expect(statements.flatMap((s) => s.Action)).toEqual(["vod:CreateUploadVideo", "vod:CreateUploadImage"])
        expect(credentials.accessKeyId).toBe(role?.credentials.accessKeyId)
        expect(Redacted.value(credentials.accessKeySecret)).toBe(role?.credentials.accessKeySecret)
        expect(Redacted.value(credentials.securityToken)).toBe(role?.credentials.securityToken)
        expect(DateTime.isDateTime(credentials.expiration) && DateTime.isUtc(credentials.expiration)).toBe(true)
        expect(credentials.expiration.epochMillis).toBe(role?.credentials.expiresAt)
      }))
  }

  it.live("the default policy's credentials can create uploads but cannot refresh, play or delete any video", () =>
    Effect.gen(function*() {
      const issued = yield* stsOn(fake()).issue
      const sts = {
        accessKeyId: issued.accessKeyId,
        accessKeySecret: Redacted.value(issued.accessKeySecret),
        securityToken: Redacted.value(issued.securityToken)
      }
      const call = (action: string, params: Record<string, string>) =>
        Effect.promise(() => send(buildRpcCall({ endpoint: fake().endpoint, action, version: versionOf(action), params, ...sts })))
      const created = yield* call("CreateUploadVideo", { Title: "t", FileName: "a.mp4" })
      expect(created.status).toBe(200)
      expect((yield* call("CreateUploadImage", { ImageType: "cover" })).status).toBe(200)
      const videoId = created.json.VideoId as string
      for (const action of ["RefreshUploadVideo", "GetPlayInfo", "GetVideoPlayAuth", "DeleteVideo"]) {
        const refused = yield* call(action, action === "DeleteVideo" ? { VideoIds: videoId } : { VideoId: videoId })
        expect([refused.status, refused.json.Code], action).toEqual([403, "Forbidden.RAM"])
      }
    }))

  it.live("issue sends a configured policy, duration and session name as given", () =>
    Effect.gen(function*() {
      const policy = JSON.stringify({
        Version: "1",
        Statement: [{ Effect: "Allow", Action: ["vod:CreateUploadVideo"], Resource: "*" }]
      })
      const before = yield* DateTime.now
      const credentials = yield* stsOn(fake(), { policy, durationSeconds: 900, sessionName: "qu-test" }).issue
      expect(fake().assumedRoles[0]).toMatchObject({ policy, durationSeconds: 900, roleSessionName: "qu-test" })
      const lifetime = DateTime.distanceDuration(before, credentials.expiration)
      expect(Duration.between(lifetime, { minimum: Duration.seconds(895), maximum: Duration.seconds(900) })).toBe(true)
    }))

  it.live("a throttled AssumeRole is retried; a refused one (bad role ARN) is Upstream after one call", () =>
    Effect.gen(function*() {
      fake().failNext(1, "throttling429", "AssumeRole")
      yield* stsOn(fake()).issue
      expect(fake().count("AssumeRole")).toBe(2)
      fake().reset()
      const error = yield* Effect.flip(stsOn(fake(), { roleArn: "acs:ram::1:user/someone" }).issue)
      expect(error).toMatchObject({ _tag: "Upstream", service: "sts", code: "InvalidParameter.RoleArn" })
      expect(fake().count("AssumeRole")).toBe(1)
    }).pipe(Effect.provide(quiet)))

  it.live("the cached issuer hands a spent-retries failure to every waiter, then tries again", () =>
    Effect.gen(function*() {
      const cached = yield* cachedOn(fake())
      fake().failNext(3, "internal", "AssumeRole")
      const errors = yield* Effect.all(Array.from({ length: 10 }, () => Effect.flip(cached.issue)), {
        concurrency: "unbounded"
      })
      expect(errors.every((e) => e._tag === "Upstream" && e.code === "InternalError")).toBe(true)
      expect(fake().count("AssumeRole")).toBe(3)
      yield* cached.issue
      expect(fake().count("AssumeRole")).toBe(4)
    }).pipe(Effect.provide(quiet)))
})
