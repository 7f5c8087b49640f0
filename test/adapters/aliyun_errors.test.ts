import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { quiet, vodOn } from "./aliyun_support.ts"
import { Forbidden, NotFound, Upstream, ValidationError } from "../../core/domain/errors.ts"
import { VideoId, type VideoUploadRequest } from "../../core/domain/media.ts"
import { useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"

const upload = (overrides: Partial<VideoUploadRequest>): VideoUploadRequest => ({
  title: "t",
  fileName: "a.mp4",
  fileSize: Option.none(),
  description: Option.none(),
  coverUrl: Option.none(),
  tags: [],
  owner: Option.none(),
  ...overrides
})

describe("Aliyun VOD adapter maps refusals to port errors without retrying them", () => {
  const { fake } = useAliyunFake()
  const playable = () => VideoId.make(fake().putVideo().videoId)

  it.live("InvalidVideo.NotFound is NotFound of that video", () =>
    Effect.gen(function*() {
      const videoId = VideoId.make("0".repeat(32))
      const error = yield* Effect.flip(vodOn(fake()).getPlayAuth(videoId))
      expect(error).toEqual(new NotFound({ resource: "video", id: videoId }))
      expect(fake().count()).toBe(1)
    }).pipe(Effect.provide(quiet)))

  it.live("Forbidden.IllegalStatus (a video still uploading) is Forbidden", () =>
    Effect.gen(function*() {
      const videoId = VideoId.make(fake().putVideo({ status: "Uploading" }).videoId)
      const error = yield* Effect.flip(vodOn(fake()).getPlayInfo(videoId))
      expect(error).toBeInstanceOf(Forbidden)
      expect(fake().calls.map((c) => c.code)).toEqual(["Forbidden.IllegalStatus"])
    }).pipe(Effect.provide(quiet)))

  it.live("InvalidFileName.Extension is a ValidationError naming fileName", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(vodOn(fake()).createUploadVideo(upload({ fileName: "no-extension" })))
      expect(error).toBeInstanceOf(ValidationError)
      expect(error).toMatchObject({ parameter: "fileName" })
      expect(fake().calls.map((c) => c.code)).toEqual(["InvalidFileName.Extension"])
    }).pipe(Effect.provide(quiet)))

  // Core counts characters, the cloud UTF-8 bytes: CJK text within core's limits can still be refused.
  const tooLong: ReadonlyArray<readonly [string, Partial<VideoUploadRequest>]> = [
    ["title", { title: "猫".repeat(43) }],
    ["description", { description: Option.some("描".repeat(400)) }],
    ["tags", { tags: ["ok", "标".repeat(11)] }]
  ]
  for (const [parameter, overrides] of tooLong) {
    it.live(`LengthExceededMax of a too long ${parameter} is a ValidationError naming ${parameter}`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(vodOn(fake()).createUploadVideo(upload(overrides)))
        expect(error).toBeInstanceOf(ValidationError)
        expect(error).toMatchObject({ parameter })
        expect(fake().calls.map((c) => c.code)).toEqual(["LengthExceededMax"])
      }).pipe(Effect.provide(quiet)))
  }

  // The adapter sends every parameter VOD requires, so MissingParameter means our own configuration or code is wrong
  // (e.g. SubmitTranscodeJobs without a template group): nothing the app's user can fix, hence Upstream.
  it.live("MissingParameter is Upstream with its code and request id", () =>
    Effect.gen(function*() {
      fake().failNext(1, { status: 400, code: "MissingParameter", message: "The input parameter is not supplied." })
      const error = yield* Effect.flip(vodOn(fake()).getPlayAuth(playable()))
      expect(error).toBeInstanceOf(Upstream)
      expect(error).toMatchObject({ code: "MissingParameter", requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) })
      expect(fake().count()).toBe(1)
    }).pipe(Effect.provide(quiet)))

  it.live("submitTranscodeJobs() without a configured template group is Upstream MissingParameter", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(vodOn(fake()).submitTranscodeJobs(playable()))
      expect(error).toMatchObject({ _tag: "Upstream", code: "MissingParameter" })
      expect(fake().count()).toBe(1)
    }).pipe(Effect.provide(quiet)))

  for (const signatureAlgorithm of [undefined, "v2"] as const) {
    it.live(`SignatureDoesNotMatch from a wrong secret (${signatureAlgorithm ?? "ACS3"}) is Upstream`, () =>
      Effect.gen(function*() {
        const vod = vodOn(fake(), { accessKeySecret: Redacted.make("wrongSecret"), signatureAlgorithm })
        const error = yield* Effect.flip(vod.getPlayAuth(playable()))
        expect(error).toMatchObject({ _tag: "Upstream", service: "vod", code: "SignatureDoesNotMatch" })
        expect(fake().count()).toBe(1)
      }).pipe(Effect.provide(quiet)))
  }
})
