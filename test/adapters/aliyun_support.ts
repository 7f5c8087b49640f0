import { Duration, Logger, Redacted } from "effect"
import { makeSdkClient, type SdkOptions } from "../../adapters/aliyun/_sdk.ts"
import * as Vod from "../../adapters/aliyun/vod.ts"
import type { AliyunFake } from "../fakes/aliyun_fake.ts"

/** SDK options for the fake: its test credentials, plain HTTP, and short backoffs so retries cost little time. */
export const sdkOptionsFor = (fake: AliyunFake, version: string, sdk: Partial<SdkOptions> = {}): SdkOptions => ({
  accessKeyId: "testAccessKeyId",
  accessKeySecret: Redacted.make("testAccessKeySecret"),
  endpoint: fake.endpoint,
  protocol: "http",
  version,
  attemptTimeout: Duration.seconds(2),
  maxAttempts: 3,
  retryBase: Duration.millis(10),
  ...sdk
})

/** The real VOD adapter on the real SDK, pointed at the fake. */
export const vodOn = (fake: AliyunFake, sdk: Partial<SdkOptions> = {}, options: Vod.VodOptions = {}) =>
  Vod.make(makeSdkClient(sdkOptionsFor(fake, "2017-03-21", sdk)), options)

/** Silences the adapter's per-attempt warnings where a test does not read them. */
export const quiet = Logger.replace(Logger.defaultLogger, Logger.none)
