import { expect, layer } from "@effect/vitest"
import { Effect, Fiber, type Layer, Option } from "effect"
import type { UploadRecord, VideoId } from "../../core/domain/media.ts"
import { Transactor } from "../../core/ports/transactor.ts"
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
  createdAt: at("2030-03-04T05:06:07.890Z"),
  clientAddress: "203.0.113.9",
  fileSize: Option.some(5 * 1024 ** 3)
})

const uniqueAddress = () => `2001:db8::${randomBytes(4).toString("hex")}`

/** The UploadRepository contract; owners are stored users (SQL enforces it), hence the UserRepository. */
export const uploadRepositoryContract = <E>(
  name: string,
  repositories: Layer.Layer<UploadRepository | UserRepository | Transactor, E>
) =>
  layer(repositories, { excludeTestServices: true })(name, (it) => {
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

    it.effect("pendingUsage() counts unpublished uploads since a time, by owner and by address, with reserved bytes", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const user = yield* (yield* UserRepository).insert(newUser())
        const [here, elsewhere] = [uniqueAddress(), uniqueAddress()]
        const add = (owner: UploadRecord["owner"], clientAddress: string, fileSize: Option.Option<number>, when: string) =>
          Effect.gen(function*() {
            const r = { ...record(newVideoId(), owner), clientAddress, fileSize, createdAt: at(when) }
            yield* uploads.insert(r)
            return r
          })
        const mine = Option.some(user.userId)
        yield* add(mine, here, Option.some(100), "2031-01-01T00:00:00Z")
        yield* add(mine, here, Option.none(), "2031-01-01T00:00:01Z")
        yield* add(mine, elsewhere, Option.some(7), "2031-01-01T00:00:02Z")
        yield* add(Option.none(), here, Option.some(50), "2031-01-01T00:00:03Z")
        const published = yield* add(mine, here, Option.some(1), "2031-01-01T00:00:04Z")
        yield* uploads.markPublished(published.videoId, at("2031-01-01T00:01:00Z"))
        yield* add(mine, here, Option.some(1), "2030-12-31T23:59:59Z")
        const usage = yield* uploads.pendingUsage({
          owner: mine,
          clientAddress: here,
          since: at("2031-01-01T00:00:00Z"),
          undeclaredBytes: 1000
        })
        expect(usage).toEqual({ owner: { uploads: 3, bytes: 1107 }, address: { uploads: 3, bytes: 1150 } })
        const anonymous = yield* uploads.pendingUsage({
          owner: Option.none(),
          clientAddress: uniqueAddress(),
          since: at("2000-01-01T00:00:00Z"),
          undeclaredBytes: 1000
        })
        expect(anonymous).toEqual({ owner: { uploads: 0, bytes: 0 }, address: { uploads: 0, bytes: 0 } })
      }))

    it.effect("takeExpired() removes unpublished uploads issued before a time, oldest first, and never a published one", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const old = (when: string) => ({ ...record(newVideoId(), Option.none()), createdAt: at(when) })
        const [a, b, kept, late] = [old("2000-01-01T00:00:02Z"), old("2000-01-01T00:00:01Z"), old("2000-01-01T00:00:03Z"), old("2001-06-01T00:00:00Z")]
        yield* Effect.forEach([a, b, kept, late], (r) => uploads.insert(r), { discard: true })
        yield* uploads.markPublished(kept.videoId, at("2000-01-02T00:00:00Z"))
        expect(yield* uploads.takeExpired(at("2001-01-01T00:00:00Z"), 1)).toEqual([b.videoId])
        expect(yield* uploads.takeExpired(at("2001-01-01T00:00:00Z"), 100)).toEqual([a.videoId])
        expect(yield* uploads.find(a.videoId)).toEqual(Option.none())
        expect(Option.isSome(yield* uploads.find(kept.videoId))).toBe(true)
        expect(Option.isSome(yield* uploads.find(late.videoId))).toBe(true)
      }))

    it.effect("an upload being published (locked) is not expired under it", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const transactor = yield* Transactor
        const racing = { ...record(newVideoId(), Option.none()), createdAt: at("2000-02-01T00:00:00Z") }
        yield* uploads.insert(racing)
        const publish = yield* Effect.fork(transactor.withTransaction(Effect.gen(function*() {
          yield* uploads.findForUpdate(racing.videoId)
          yield* Effect.sleep(150)
          yield* uploads.markPublished(racing.videoId, at("2000-02-02T00:00:00Z"))
        })))
        yield* Effect.sleep(50)
        const taken = yield* uploads.takeExpired(at("2000-03-01T00:00:00Z"), 100)
        yield* Fiber.join(publish)
        expect(taken).not.toContain(racing.videoId)
        expect(Option.isSome(yield* uploads.find(racing.videoId))).toBe(true)
      }))
  })
