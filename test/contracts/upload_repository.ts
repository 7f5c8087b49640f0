import { expect, layer } from "@effect/vitest"
import { Effect, type Layer, Option } from "effect"
import type { UploadRecord, VideoId } from "../../core/domain/media.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { at, newUser } from "./_fixtures.ts"
import { randomBytes } from "node:crypto"

const newVideoId = () => randomBytes(16).toString("hex") as VideoId

const record = (videoId: VideoId, owner: UploadRecord["owner"]): UploadRecord => ({
  videoId,
  owner,
  title: "标题 \"quoted\" 🎬",
  fileName: "clip.MP4",
  createdAt: at("2030-03-04T05:06:07.890Z")
})

/** The UploadRepository contract; owners are stored users (SQL enforces it), hence the UserRepository. */
export const uploadRepositoryContract = <E>(name: string, repositories: Layer.Layer<UploadRepository | UserRepository, E>) =>
  layer(repositories)(name, (it) => {
    it.effect("insert() then find() returns the record for a user and for an anonymous owner", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const user = yield* (yield* UserRepository).insert(newUser())
        const mine = record(newVideoId(), Option.some(user.userId))
        const anonymous = record(newVideoId(), Option.none())
        yield* uploads.insert(mine)
        yield* uploads.insert(anonymous)
        expect(yield* uploads.find(mine.videoId)).toEqual(Option.some(mine))
        expect(yield* uploads.find(anonymous.videoId)).toEqual(Option.some(anonymous))
      }))

    it.effect("find() of a videoId never recorded is none", () =>
      Effect.gen(function*() {
        expect(yield* (yield* UploadRepository).find(newVideoId())).toEqual(Option.none())
      }))

    it.effect("insert() of a videoId already recorded is a Conflict and keeps the first owner", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const user = yield* (yield* UserRepository).insert(newUser())
        const first = record(newVideoId(), Option.some(user.userId))
        yield* uploads.insert(first)
        const again = yield* Effect.flip(uploads.insert(record(first.videoId, Option.none())))
        expect(again._tag).toBe("Conflict")
        expect(yield* uploads.find(first.videoId)).toEqual(Option.some(first))
      }))

    it.effect("claim() gives an anonymous videoId to a user once, and never takes one from its owner", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const users = yield* UserRepository
        const first = yield* users.insert(newUser())
        const second = yield* users.insert(newUser())
        const anonymous = record(newVideoId(), Option.none())
        yield* uploads.insert(anonymous)
        yield* uploads.claim(anonymous.videoId, first.userId)
        yield* uploads.claim(anonymous.videoId, second.userId)
        expect(Option.map(yield* uploads.find(anonymous.videoId), (r) => r.owner)).toEqual(Option.some(Option.some(first.userId)))
      }))
  })
