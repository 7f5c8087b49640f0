import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Redacted } from "effect"
import { memoryDatabase } from "../../composition/databases.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { initialMedia } from "../../core/domain/video_state.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { getVideoPlayAuth } from "../../core/use_cases/get_video_play_auth.ts"
import { getVideoPlayInfo } from "../../core/use_cases/get_video_play_info.ts"
import { newUser } from "../contracts/_fixtures.ts"

const PUBLISHED = "a1".repeat(16) as VideoId
const UNPUBLISHED = "b2".repeat(16) as VideoId
const fromCloud = { title: "upload-time title", coverUrl: "", duration: 0, status: "Normal" }
const cloud = Layer.mock(MediaCloud, {
  getPlayInfo: (videoId) => Effect.succeed({ ...fromCloud, videoId, playInfos: [] }),
  getPlayAuth: (videoId) => Effect.succeed({ ...fromCloud, videoId, playAuth: Redacted.make("auth") })
})

const publish = Effect.gen(function*() {
  const owner = yield* (yield* UserRepository).insert(newUser())
  const media = initialMedia("hold")
  yield* (yield* VideoRepository).insert({
    videoId: PUBLISHED,
    ownerId: owner.userId,
    metadata: { title: "发布的标题", description: "", duration: 0, coverUrl: "", size: 0, cateId: 0, cateName: "", tags: "" },
    media: {
      ...media,
      snapshot: { value: { status: "success", coverUrl: "https://cdn.test/snap.jpg", firstFrameUrl: "" }, at: 1, key: "s" },
      analysis: { value: { duration: 12.4, size: 100 }, at: 1, key: "a" }
    },
    createdAt: yield* DateTime.now
  })
})

describe("play calls show a video as the lists do", () => {
  it.effect("a published video's title, cover and whole-second duration win; others are the cloud's; deleted is 404", () =>
    Effect.gen(function*() {
      yield* publish
      const expected = { title: "发布的标题", coverUrl: "https://cdn.test/snap.jpg", duration: 12 }
      expect(yield* getVideoPlayInfo(PUBLISHED)).toMatchObject(expected)
      expect(yield* getVideoPlayAuth(PUBLISHED)).toMatchObject(expected)
      expect(yield* getVideoPlayInfo(UNPUBLISHED)).toMatchObject({ title: "upload-time title", coverUrl: "", duration: 0 })
      yield* (yield* VideoRepository).markDeleted(PUBLISHED, yield* DateTime.now)
      const exit = yield* Effect.exit(getVideoPlayInfo(PUBLISHED))
      expect(Exit.isFailure(exit) && JSON.stringify(exit.cause).includes("NotFound")).toBe(true)
    }).pipe(Effect.provide(Layer.merge(memoryDatabase, cloud))))
})
