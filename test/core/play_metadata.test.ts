import { describe, expect, it } from "@effect/vitest"
import { Cause, DateTime, Effect, Exit, FastCheck as fc, Layer, Option, Redacted } from "effect"
import { memoryDatabase } from "../../composition/databases.ts"
import type { VideoId } from "../../core/domain/media.ts"
import type { UserId } from "../../core/domain/user.ts"
import type { CensorStatus, ModerationMode } from "../../core/domain/video.ts"
import { initialMedia } from "../../core/domain/video_state.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { VideoSettings } from "../../core/ports/video_settings.ts"
import { getVideoPlayAuth } from "../../core/use_cases/credentials/get_video_play_auth.ts"
import { getVideoPlayInfo } from "../../core/use_cases/credentials/get_video_play_info.ts"
import { newUser } from "../contracts/_fixtures.ts"

const VIDEO = "a1".repeat(16) as VideoId
const fromCloud = { title: "upload-time title", coverUrl: "", duration: 0, status: "Normal" }
const cloud = Layer.mock(MediaCloud, {
  getPlayInfo: (videoId) => Effect.succeed({ ...fromCloud, videoId, playInfos: [] }),
  getPlayAuth: (videoId) => Effect.succeed({ ...fromCloud, videoId, playAuth: Redacted.make("auth") })
})
const settings = (moderation: ModerationMode) => Layer.succeed(VideoSettings, VideoSettings.of({ moderation }))

const twoUsers = Effect.gen(function*() {
  const users = yield* UserRepository
  return [(yield* users.insert(newUser())).userId, (yield* users.insert(newUser())).userId] as const
})

const uploaded = (owner: Option.Option<UserId>) =>
  Effect.flatMap(UploadRepository, (uploads) =>
    uploads.insert({
      videoId: VIDEO,
      owner,
      title: "upload-time title",
      fileName: "a.mp4",
      createdAt: DateTime.unsafeMake(0),
      clientAddress: "",
      fileSize: Option.none()
    }))

const published = (owner: UserId, censor: CensorStatus) =>
  Effect.flatMap(VideoRepository, (videos) => {
    const media = initialMedia("hold")
    return videos.insert({
      videoId: VIDEO,
      ownerId: owner,
      metadata: { title: "发布的标题", description: "", duration: 0, coverUrl: "", size: 0, cateId: 0, cateName: "", tags: "" },
      media: {
        ...media,
        censor: { value: censor, at: 1, key: "c" },
        snapshot: { value: { status: "success", coverUrl: "https://cdn.test/snap.jpg", firstFrameUrl: "" }, at: 1, key: "s" },
        analysis: { value: { duration: 12.4, size: 100 }, at: 1, key: "a" }
      },
      createdAt: DateTime.unsafeMake(0)
    })
  })

const failureTag = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>) =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Option.map(Cause.failureOption(exit.cause), (e) => e._tag)) : "success"

describe("play calls show a video as the lists do", () => {
  it.effect("a published video's title, cover and whole-second duration win over the cloud's", () =>
    Effect.gen(function*() {
      const [owner] = yield* twoUsers
      yield* uploaded(Option.some(owner))
      yield* published(owner, "success")
      const expected = { title: "发布的标题", coverUrl: "https://cdn.test/snap.jpg", duration: 12 }
      expect(yield* getVideoPlayInfo(VIDEO, Option.none())).toMatchObject(expected)
      expect(yield* getVideoPlayAuth(VIDEO, Option.none())).toMatchObject(expected)
    }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud, settings("hold")))))
})

describe("who may play a video", () => {
  it.effect.prop(
    "anyone plays what the recommend list shows; the owner also their own in any other state; the rest is 404",
    {
      moderation: fc.constantFrom<ModerationMode>("hold", "off"),
      stage: fc.constantFrom("uploaded", "published", "deleted"),
      censor: fc.constantFrom<CensorStatus>("onCensor", "check", "success", "fail"),
      caller: fc.constantFrom("none", "owner", "other")
    },
    ({ caller, censor, moderation, stage }) =>
      Effect.gen(function*() {
        const [owner, other] = yield* twoUsers
        yield* uploaded(Option.some(owner))
        if (stage !== "uploaded") yield* published(owner, censor)
        if (stage === "deleted") yield* (yield* VideoRepository).markDeleted(VIDEO, DateTime.unsafeMake(1))
        const who = caller === "owner" ? Option.some(owner) : caller === "other" ? Option.some(other) : Option.none()

        const listed = stage === "published" && (moderation === "hold" ? censor === "success" : censor !== "fail")
        const plays = stage !== "deleted" && (listed || caller === "owner")
        const expected = plays ? "success" : "NotFound"
        expect(failureTag(yield* Effect.exit(getVideoPlayInfo(VIDEO, who)))).toBe(expected)
        expect(failureTag(yield* Effect.exit(getVideoPlayAuth(VIDEO, who)))).toBe(expected)
        // The recommend list and the play rule agree.
        const page = yield* (yield* VideoRepository).listRecommended(moderation, { offset: 0, limit: 10, before: Option.none() })
        expect(page.items.some((item) => item.video.videoId === VIDEO)).toBe(listed)
      }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud, settings(moderation))))
  )

  it.effect("a video this server never issued is 404, even to a caller with a token", () =>
    Effect.gen(function*() {
      const [owner] = yield* twoUsers
      const exit = yield* Effect.exit(getVideoPlayAuth(VIDEO, Option.some(owner)))
      expect(failureTag(exit)).toBe("NotFound")
    }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, cloud, settings("hold")))))
})
