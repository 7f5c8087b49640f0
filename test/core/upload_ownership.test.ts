import { describe, expect, it } from "@effect/vitest"
import { Cause, DateTime, Effect, Exit, FastCheck as fc, Layer, Option, Redacted, Ref } from "effect"
import type { VideoId } from "../../core/domain/media.ts"
import type { UserId } from "../../core/domain/user.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { UploadPolicy } from "../../core/ports/upload_policy.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { getVideoUploadAuth } from "../../core/use_cases/credentials/get_video_upload_auth.ts"
import { refreshVideoUploadAuth } from "../../core/use_cases/credentials/refresh_video_upload_auth.ts"
import { memoryDatabase } from "../../composition/databases.ts"

const videoId = (n: number) => n.toString(16).padStart(32, "0") as VideoId

/** A cloud that issues sequential video ids and counts every call. */
const countingCloud = Effect.gen(function*() {
  const calls = yield* Ref.make(0)
  const credential = (id: VideoId) => ({ videoId: id, uploadAddress: "addr", uploadAuth: Redacted.make("auth") })
  const layer = Layer.mock(MediaCloud, {
    createUploadVideo: () => Effect.map(Ref.updateAndGet(calls, (n) => n + 1), (n) => credential(videoId(n))),
    refreshUploadVideo: (id) => Effect.as(Ref.update(calls, (n) => n + 1), credential(id))
  })
  return { calls, layer }
})

const policy = Layer.succeed(UploadPolicy, UploadPolicy.of({ videoExtensions: new Set(["mp4", "mov"]), maxFileSize: 1e9 }))

// An owner or caller: anonymous, or one of three users.
const party = fc.option(fc.constantFrom("1", "2", "3").map((id) => id as UserId), { nil: undefined })
  .map((id) => Option.fromNullable(id))

describe("upload ownership", () => {
  it.effect.prop(
    "refreshVideoUploadAuth() succeeds iff the caller owns the videoId (anyone for an anonymous one)",
    { owner: party, caller: party },
    ({ caller, owner }) =>
      Effect.gen(function*() {
        const cloud = yield* countingCloud
        yield* Effect.gen(function*() {
          const issued = yield* getVideoUploadAuth({
            owner,
            title: "标题",
            fileName: "a.MP4",
            fileSize: Option.some(10),
            description: Option.none(),
            coverUrl: Option.none(),
            tags: Option.some("a, b"),
            clientAddress: "198.51.100.7"
          })
          const exit = yield* Effect.exit(refreshVideoUploadAuth({ caller, videoId: issued.videoId }))
          const owns = Option.isNone(owner) || Option.getEquivalence((a: UserId, b: UserId) => a === b)(owner, caller)
          expect(Exit.isSuccess(exit)).toBe(owns)
          if (!owns) expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause).pipe(Option.map((e) => e._tag))).toEqual(Option.some("Forbidden"))
          expect(yield* Ref.get(cloud.calls)).toBe(owns ? 2 : 1)
        }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud.layer, policy)))
      }))

  it.effect("refreshVideoUploadAuth() of a videoId this server never issued is NotFound, without a cloud call", () =>
    Effect.gen(function*() {
      const cloud = yield* countingCloud
      const error = yield* Effect.flip(refreshVideoUploadAuth({ caller: Option.none(), videoId: videoId(99) })).pipe(
        Effect.provide(Layer.mergeAll(memoryDatabase, cloud.layer, policy))
      )
      expect(error._tag).toBe("NotFound")
      expect(yield* Ref.get(cloud.calls)).toBe(0)
    }))

  it.effect.prop(
    "getVideoUploadAuth() rejects bad input before any cloud call, naming the parameter",
    {
      bad: fc.constantFrom(
        { title: "x".repeat(129), fileName: "a.mp4", parameter: "title" },
        { title: "标".repeat(43), fileName: "a.mp4", parameter: "title" },
        { title: " ", fileName: "a.mp4", parameter: "title" },
        { title: "t", fileName: "a.exe", parameter: "fileName" },
        { title: "t", fileName: "noext", parameter: "fileName" },
        { title: "t", fileName: "a.mp4", tags: Array.from({ length: 17 }, (_, i) => `t${i}`).join(","), parameter: "tags" },
        { title: "t", fileName: "a.mp4", tags: "x".repeat(33), parameter: "tags" },
        { title: "t", fileName: "a.mp4", fileSize: -1, parameter: "fileSize" },
        { title: "t", fileName: "a.mp4", fileSize: 1.5, parameter: "fileSize" },
        { title: "t", fileName: "a.mp4", fileSize: 2e9, parameter: "fileSize" }
      )
    },
    ({ bad }) =>
      Effect.gen(function*() {
        const cloud = yield* countingCloud
        const error = yield* Effect.flip(getVideoUploadAuth({
          owner: Option.none(),
          title: bad.title,
          fileName: bad.fileName,
          fileSize: Option.fromNullable("fileSize" in bad ? bad.fileSize : undefined),
          description: Option.none(),
          coverUrl: Option.none(),
          tags: Option.fromNullable("tags" in bad ? bad.tags : undefined),
          clientAddress: ""
        })).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud.layer, policy)))
        expect(error._tag).toBe("ValidationError")
        expect(error._tag === "ValidationError" && error.parameter).toBe(bad.parameter)
        expect(yield* Ref.get(cloud.calls)).toBe(0)
      }))

  it.effect("getVideoUploadAuth() records who the videoId was issued to", () =>
    Effect.gen(function*() {
      const cloud = yield* countingCloud
      yield* Effect.gen(function*() {
        const issued = yield* getVideoUploadAuth({
          owner: Option.some("7" as UserId),
          title: "t",
          fileName: "a.mov",
          fileSize: Option.none(),
          clientAddress: "",
          description: Option.none(),
          coverUrl: Option.none(),
          tags: Option.none()
        })
        const record = yield* Effect.flatMap(UploadRepository, (r) => r.find(issued.videoId))
        expect(Option.map(record, (r) => r.owner)).toEqual(Option.some(Option.some("7")))
        expect(Option.map(record, (r) => DateTime.isDateTime(r.createdAt))).toEqual(Option.some(true))
      }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud.layer, policy)))
    }))
})
