import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect } from "effect"
import { quiet, vodOn } from "./aliyun_support.ts"
import { Upstream } from "../../core/domain/errors.ts"
import { VideoId } from "../../core/domain/media.ts"
import type { FailureKind } from "../fakes/aliyun_fake.ts"
import { useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"

// Each retryable kind, with the code an Upstream keeps once the retries are spent.
const retryable: ReadonlyArray<readonly [FailureKind, string]> = [
  ["throttling", "Throttling.User"],
  ["throttling429", "Throttling.User"],
  ["internal", "InternalError"],
  ["html502", "NonJsonResponse"],
  ["reset", "ECONNRESET"],
  [{ status: 503, code: "", message: "A 5xx without a Code" }, "Http503"]
]

const kindName = (kind: FailureKind) => (typeof kind === "string" ? kind : `${kind.status} without a Code`)

describe("Aliyun SDK client retries against the fake", () => {
  const { fake } = useAliyunFake()
  const playable = () => VideoId.make(fake().putVideo().videoId)

  for (const [kind, code] of retryable) {
    for (const n of [1, 2]) {
      it.live(`a call succeeds after ${n} ${kindName(kind)} failure(s), in exactly ${n + 1} requests`, () =>
        Effect.gen(function*() {
          const videoId = playable()
          fake().failNext(n, kind, "GetVideoPlayAuth")
          const auth = yield* vodOn(fake()).getPlayAuth(videoId)
          expect(auth.videoId).toBe(videoId)
          expect(fake().count("GetVideoPlayAuth")).toBe(n + 1)
        }).pipe(Effect.provide(quiet)))
    }

    it.live(`a call fails with Upstream ${code} after 3 ${kindName(kind)} failures, in exactly 3 requests`, () =>
      Effect.gen(function*() {
        const videoId = playable()
        fake().failNext(3, kind, "GetVideoPlayAuth")
        const error = yield* Effect.flip(vodOn(fake()).getPlayAuth(videoId))
        expect(error).toBeInstanceOf(Upstream)
        expect(error).toMatchObject({ service: "vod", code })
        expect(fake().count("GetVideoPlayAuth")).toBe(3)
      }).pipe(Effect.provide(quiet)))
  }

  it.live("a request that hangs past attemptTimeout is abandoned and retried", () =>
    Effect.gen(function*() {
      const videoId = playable()
      fake().failNext(1, "hang", "GetVideoPlayAuth")
      const auth = yield* vodOn(fake(), { attemptTimeout: Duration.millis(300) }).getPlayAuth(videoId)
      expect(auth.videoId).toBe(videoId)
      expect(fake().calls.map((c) => c.outcome)).toEqual(["hang", 200])
    }).pipe(Effect.provide(quiet)))

  it.live("requests that keep hanging end in Upstream Timeout after maxAttempts", () =>
    Effect.gen(function*() {
      const videoId = playable()
      fake().failNext(2, "hang", "GetVideoPlayAuth")
      const vod = vodOn(fake(), { attemptTimeout: Duration.millis(200), maxAttempts: 2 })
      const error = yield* Effect.flip(vod.getPlayAuth(videoId))
      expect(error).toMatchObject({ _tag: "Upstream", code: "Timeout" })
      expect(fake().calls.map((c) => c.outcome)).toEqual(["hang", "hang"])
    }).pipe(Effect.provide(quiet)))
})
