import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Logger } from "effect"
import { aliyunConfig } from "../../adapters/aliyun/aliyun_config.ts"
import * as AliyunMedia from "../../adapters/aliyun/aliyun_media.ts"
import { aliyunMedia } from "../../composition/aliyun_media.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"

const quiet = Logger.replace(Logger.defaultLogger, Logger.none)

// The variables an operator sets, both endpoints on the loopback fake.
const variables = (endpoint: string) =>
  ConfigProvider.fromMap(new Map(Object.entries({
    ALIYUN_ACCESS_KEY_ID: "testAccessKeyId",
    ALIYUN_ACCESS_KEY_SECRET: "testAccessKeySecret",
    ALIYUN_STS_ROLE_ARN: "acs:ram::1234567890123456:role/qu-upload",
    ALIYUN_VOD_ENDPOINT: `http://${endpoint}`,
    ALIYUN_STS_ENDPOINT: `http://${endpoint}`
  })))

describe("Alibaba Cloud media, configured from the environment", () => {
  const { fake } = useAliyunFake()

  it.live("the adapter's layerConfig reads ALIYUN_* and issues credentials on each call (uncached)", () =>
    Effect.gen(function*() {
      const issuer = yield* CredentialIssuer
      yield* issuer.issue
      yield* issuer.issue
      expect(fake().count("AssumeRole")).toBe(2)
    }).pipe(
      Effect.provide(AliyunMedia.layerConfig.pipe(Layer.provide(quiet))),
      Effect.withConfigProvider(variables(fake().endpoint))
    ))

  it.live("composition puts the credential cache in front of STS: concurrent issues make one AssumeRole call", () =>
    Effect.gen(function*() {
      const config = yield* aliyunConfig
      const issuer = yield* Effect.provide(CredentialIssuer, aliyunMedia(config).pipe(Layer.provide(quiet)))
      const all = yield* Effect.all(Array.from({ length: 20 }, () => issuer.issue), { concurrency: "unbounded" })
      expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1)
      expect(fake().count("AssumeRole")).toBe(1)
    }).pipe(Effect.withConfigProvider(variables(fake().endpoint))))

  it.effect("a missing ALIYUN_STS_ROLE_ARN fails layerConfig with the variable's name", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Layer.build(AliyunMedia.layerConfig).pipe(Effect.scoped))
      expect(exit._tag === "Failure" && String(exit.cause)).toContain("ALIYUN_STS_ROLE_ARN")
    }).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map([
      ["ALIYUN_ACCESS_KEY_ID", "id"],
      ["ALIYUN_ACCESS_KEY_SECRET", "secret"]
    ])))))
})
