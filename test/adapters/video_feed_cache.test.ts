import { expect, it } from "@effect/vitest"
import { Duration, Effect, Option } from "effect"
import { pgliteDatabase } from "../../composition/databases.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { newUser } from "../contracts/_fixtures.ts"
import { censored, newVideo } from "../contracts/video_repository.ts"

const firstPage = { before: Option.none(), offset: 0, limit: 10 }

it.live("the SQL feed reuses a page for feedPageTtl, and the personal list never does", () =>
  Effect.gen(function*() {
    const videos = yield* VideoRepository
    const owner = yield* (yield* UserRepository).insert(newUser())
    yield* videos.insert(newVideo(owner.userId, censored("success")))
    const before = yield* videos.listRecommended("hold", firstPage)
    yield* videos.insert(newVideo(owner.userId, censored("success")))
    const cached = yield* videos.listRecommended("hold", firstPage)
    expect(cached.items.map((v) => v.video.videoId)).toEqual(before.items.map((v) => v.video.videoId))
    expect(cached.total).toBe(before.total)
    expect((yield* videos.listByOwner(owner.userId, firstPage)).total).toBe(2)
    const otherPage = yield* videos.listRecommended("hold", { ...firstPage, limit: 5 })
    expect(otherPage.items.length).toBe(2)
  }).pipe(Effect.provide(pgliteDatabase({ feedTotalTtl: Duration.hours(1), feedPageTtl: Duration.hours(1) }))),
  60_000)
