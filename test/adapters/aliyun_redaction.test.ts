import { describe, expect, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Logger, Redacted } from "effect"
import { makeSdkClient, type SdkOptions } from "../../adapters/aliyun/_sdk.ts"
import * as Sts from "../../adapters/aliyun/sts.ts"
import * as Vod from "../../adapters/aliyun/vod.ts"
import { VideoId } from "../../core/domain/media.ts"
import type { AliyunFake, FailureKind } from "../fakes/aliyun_fake.ts"
import { useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"

const SECRET = "testAccessKeySecret"

const client = (fake: AliyunFake, version: string, sdk: Partial<SdkOptions>) =>
  makeSdkClient({
    accessKeyId: "testAccessKeyId",
    accessKeySecret: Redacted.make(SECRET),
    endpoint: fake.endpoint,
    protocol: "http",
    version,
    attemptTimeout: Duration.millis(300),
    maxAttempts: 3,
    retryBase: Duration.millis(10),
    ...sdk
  })

/** Runs an effect with every log line captured as JSON; returns its exit and the lines. */
const captured = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.replace(Logger.defaultLogger, Logger.map(Logger.jsonLogger, (line) => void lines.push(line)))
    const exit = yield* Effect.exit(effect).pipe(Effect.provide(logger))
    return { exit, lines }
  })

/** Every rendering of a failed exit a log, a span or an HTTP layer could produce. */
const renderings = <A, E>(exit: Exit.Exit<A, E>): Array<string> => {
  expect(Exit.isFailure(exit)).toBe(true)
  if (Exit.isSuccess(exit)) return []
  const error = Cause.squash(exit.cause)
  return [String(error), JSON.stringify(error), Cause.pretty(exit.cause), JSON.stringify(exit.cause)]
}

const FORBIDDEN_TEXT = [SECRET, "SecurityToken", "Signature=", "Authorization", "ACS3-HMAC-SHA256", "http://127.0.0.1"]

const expectClean = (texts: ReadonlyArray<string>, extra: ReadonlyArray<string> = []) => {
  for (const text of texts) for (const needle of [...FORBIDDEN_TEXT, ...extra]) expect(text).not.toContain(needle)
}

const failures: ReadonlyArray<FailureKind> = ["throttling", "throttling429", "internal", "html502", "reset", "hang"]

describe("Aliyun adapters keep only code, status and request id of a failure", () => {
  const { fake } = useAliyunFake()

  for (const signatureAlgorithm of [undefined, "v2"] as const) {
    const style = signatureAlgorithm ?? "ACS3"
    it.live(`VOD failures (${style}) leave no secret, token or signature in logs or errors`, () =>
      Effect.gen(function*() {
        const vod = Vod.make(client(fake(), "2017-03-21", { signatureAlgorithm }), {})
        const videoId = VideoId.make(fake().putVideo().videoId)
        const texts: Array<string> = []
        for (const kind of failures) {
          fake().failNext(3, kind, "GetVideoPlayAuth")
          const { exit, lines } = yield* captured(vod.getPlayAuth(videoId))
          expect(lines).toHaveLength(3)
          texts.push(...lines, ...renderings(exit))
        }
        const wrongKey = { signatureAlgorithm, accessKeySecret: Redacted.make("wrongSecret") }
        const wrongSecret = Vod.make(client(fake(), "2017-03-21", wrongKey), {})
        for (const effect of [vod.getPlayAuth(VideoId.make("0".repeat(32))), wrongSecret.getPlayAuth(videoId)]) {
          const { exit, lines } = yield* captured(effect)
          expect(lines).toHaveLength(1)
          texts.push(...lines, ...renderings(exit))
        }
        expectClean(texts, ["wrongSecret"])
        expect(texts.some((t) => t.includes("\"requestId\":\"") && t.includes("SignatureDoesNotMatch"))).toBe(true)
      }))

    it.live(`STS failures (${style}) leave no secret or earlier issued token in logs or errors`, () =>
      Effect.gen(function*() {
        const sts = Sts.make(client(fake(), "2015-04-01", { signatureAlgorithm }), {
          roleArn: "acs:ram::1234567890123456:role/vod",
          durationSeconds: 3600,
          policy: Sts.DEFAULT_STS_POLICY
        })
        const issued = yield* sts.issue
        const texts = [String(issued), JSON.stringify(issued)]
        fake().failNext(3, "throttling", "AssumeRole")
        const { exit, lines } = yield* captured(sts.issue)
        expect(lines).toHaveLength(3)
        texts.push(...lines, ...renderings(exit))
        expectClean(texts, [Redacted.value(issued.accessKeySecret), Redacted.value(issued.securityToken)])
      }))
  }
})
