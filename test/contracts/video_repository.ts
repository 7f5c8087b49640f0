import { expect, layer } from "@effect/vitest"
import { Effect, FastCheck as fc, type Layer, Option } from "effect"
import { randomBytes } from "node:crypto"
import type { VideoId } from "../../core/domain/media.ts"
import type { Nickname, UserId } from "../../core/domain/user.ts"
import type { CensorStatus, MediaState } from "../../core/domain/video.ts"
import { INITIAL_AT, initialMedia } from "../../core/domain/video_state.ts"
import { DataVersions } from "../../core/ports/data_versions.ts"
import { Transactor } from "../../core/ports/transactor.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { type AdminVideoFilter, type NewVideo, type PageQuery, VideoRepository } from "../../core/ports/video_repository.ts"
import { at, newUser } from "./_fixtures.ts"

const newVideoId = () => randomBytes(16).toString("hex") as VideoId

/** A media state whose audit ended with `value`. */
export const censored = (value: CensorStatus): MediaState => ({ ...initialMedia("hold"), censor: { value, at: 5, key: "audit" } })

/** A video to insert for `ownerId`. */
export const newVideo = (ownerId: UserId, media: MediaState = initialMedia("hold")): NewVideo => ({
  videoId: newVideoId(),
  ownerId,
  metadata: {
    title: "标题 \"quoted\" 🎬",
    description: "说明\nline two",
    duration: 12,
    coverUrl: "https://cdn.test/cover.png",
    size: 5_000_000_000,
    cateId: 2_147_483_647,
    cateName: "生活",
    tags: "旅行,food"
  },
  media,
  createdAt: at("2030-03-04T05:06:07.890Z")
})

/** A state as events leave it: versions at -1 and real times, streams (one key with an underscore), big numbers. */
const reported: MediaState = {
  censor: { value: "success", at: 1_893_456_000_123, key: "digest-b" },
  snapshot: {
    value: { status: "success", coverUrl: "https://cdn.test/封面.jpg", firstFrameUrl: "https://cdn.test/snap-00001.jpg" },
    at: 1_893_456_000_000,
    key: "digest-a"
  },
  transcodeJob: { value: "onTranscode", at: INITIAL_AT, key: "" },
  streams: {
    FD: { value: { status: "fail", fileUrl: "" }, at: 1_893_456_000_001, key: "digest-c" },
    "SD-NBV1": { value: { status: "success", fileUrl: "https://cdn.test/nb.mp4" }, at: 1_893_456_000_002, key: "digest-d" },
    HD_custom: { value: { status: "success", fileUrl: "https://cdn.test/hd.mp4?a=1&b=视频" }, at: 1_893_456_000_002, key: "e" }
  },
  analysis: { value: { duration: 12.5, size: 1_234_567_890_123 }, at: 1_893_456_000_003, key: "digest-f" },
  cloudDeleted: { value: false, at: INITIAL_AT, key: "" }
}

const statuses = ["onCensor", "check", "success", "fail"] as const

const firstPage = (limit: number): PageQuery => ({ before: Option.none(), offset: 0, limit })
const ids = (page: { readonly items: ReadonlyArray<{ readonly video: { readonly id: number } }> }) =>
  page.items.map((item) => item.video.id)

/** A fresh owner with `count` videos inserted one after the other; their ids newest first. */
const ownerWith = (count: number, media?: MediaState) =>
  Effect.gen(function*() {
    const videos = yield* VideoRepository
    const owner = yield* (yield* UserRepository).insert(newUser())
    const inserted = yield* Effect.forEach(Array.from({ length: count }), () => videos.insert(newVideo(owner.userId, media)))
    return { owner, newestFirst: inserted.map((v) => v.id).reverse() }
  })

/** Unpins every pinned video: suites share one database, and pins reorder every other test's feed. */
const clearPins = Effect.flatMap(VideoRepository, (videos) =>
  Effect.flatMap(videos.listPins, (pins) => Effect.forEach(pins, videos.unpin, { discard: true })))

/** Walks a list the way the apps do, until a short page: by cursor (pageIndex 1 and the last id), or by pageIndex. */
const walk = (
  list: (query: PageQuery) => Effect.Effect<{ readonly items: ReadonlyArray<{ readonly video: { readonly id: number } }> }>,
  pageSize: number,
  style: "cursor" | "offset",
  between: Effect.Effect<unknown> = Effect.void
) =>
  Effect.gen(function*() {
    const seen: Array<number> = []
    for (let pageIndex = 1;; pageIndex++) {
      const last = Option.fromNullable(seen.at(-1))
      const query: PageQuery = style === "cursor"
        ? { before: last, offset: 0, limit: pageSize }
        : { before: Option.none(), offset: (pageIndex - 1) * pageSize, limit: pageSize }
      const page = ids(yield* list(query))
      seen.push(...page)
      if (page.length < pageSize) return seen
      yield* between
    }
  })

/** The VideoRepository contract; owners are stored users (SQL enforces it), writes run in the Transactor's units. */
export const videoRepositoryContract = <E>(
  name: string,
  repositories: Layer.Layer<VideoRepository | UserRepository | Transactor | DataVersions, E>
) =>
  layer(repositories)(name, (it) => {
    it.effect("insert() assigns increasing int32 ids and findByVideoId() returns the video as stored", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const owner = yield* (yield* UserRepository).insert(newUser())
        const input = newVideo(owner.userId)
        const first = yield* videos.insert(input)
        const second = yield* videos.insert(newVideo(owner.userId))
        expect(first).toEqual({ ...input, id: first.id, deletedAt: Option.none() })
        expect(Number.isInteger(first.id) && first.id > 0 && second.id > first.id && second.id < 2 ** 31).toBe(true)
        expect(yield* videos.findByVideoId(input.videoId)).toEqual(Option.some(first))
        expect(yield* videos.findByVideoId(newVideoId())).toEqual(Option.none())
      }))

    it.effect("insert() of a videoId published before, deleted or not, is a Conflict that leaves a transaction usable", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const owner = yield* (yield* UserRepository).insert(newUser())
        const first = yield* videos.insert(newVideo(owner.userId))
        const later = newVideo(owner.userId)
        yield* (yield* Transactor).withTransaction(Effect.gen(function*() {
          expect((yield* Effect.flip(videos.insert({ ...newVideo(owner.userId), videoId: first.videoId })))._tag).toBe("Conflict")
          yield* videos.insert(later)
        }))
        expect(Option.isSome(yield* videos.findByVideoId(later.videoId))).toBe(true)
        yield* videos.markDeleted(first.videoId, at("2030-03-05T00:00:00.000Z"))
        expect((yield* Effect.flip(videos.insert({ ...newVideo(owner.userId), videoId: first.videoId })))._tag).toBe("Conflict")
        expect(Option.map(yield* videos.findByVideoId(first.videoId), (v) => v.metadata)).toEqual(Option.some(first.metadata))
      }))

    it.effect("findForUpdate() serializes read-modify-write transactions, so concurrent updates are never lost", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const transactor = yield* Transactor
        const owner = yield* (yield* UserRepository).insert(newUser())
        const video = yield* videos.insert(newVideo(owner.userId))
        const definitions = ["FD", "LD", "SD", "HD", "FHD", "2K", "4K", "8K"]
        yield* Effect.forEach(definitions, (definition) =>
          transactor.withTransaction(Effect.gen(function*() {
            const current = Option.getOrThrow(yield* videos.findForUpdate(video.videoId))
            const stream = { value: { status: "success" as const, fileUrl: definition }, at: 1, key: definition }
            const streams = { ...current.media.streams, [definition]: stream }
            yield* videos.updateMedia(video.videoId, { ...current.media, streams })
          })), { concurrency: "unbounded", discard: true })
        const stored = Option.getOrThrow(yield* videos.findForUpdate(video.videoId))
        expect(Object.keys(stored.media.streams).sort()).toEqual([...definitions].sort())
      }))

    it.effect("updateMedia() round-trips a MediaState exactly, and lists filter on the censor status it derives", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const { newestFirst: [id], owner } = yield* ownerWith(1)
        const [video] = (yield* videos.listByOwner(owner.userId, firstPage(1))).items
        const videoId = video!.video.videoId
        const inHold = Effect.map(videos.listRecommended("hold", firstPage(50)), (p) => ids(p).includes(id!))
        const inOff = Effect.map(videos.listRecommended("off", firstPage(50)), (p) => ids(p).includes(id!))
        expect([yield* inHold, yield* inOff]).toEqual([false, true])
        yield* videos.updateMedia(videoId, reported)
        expect(Option.map(yield* videos.findByVideoId(videoId), (v) => v.media)).toEqual(Option.some(reported))
        expect([yield* inHold, yield* inOff]).toEqual([true, true])
        yield* videos.updateMedia(videoId, { ...reported, censor: { value: "fail", at: 1_893_456_000_999, key: "x" } })
        expect([yield* inHold, yield* inOff]).toEqual([false, false])
        yield* videos.updateMedia(newVideoId(), reported)
      }))

    it.effect("markDeleted() is true only the first time and hides the video from both lists, not from findByVideoId", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const { newestFirst, owner } = yield* ownerWith(2, censored("success"))
        const [newest, older] = (yield* videos.listByOwner(owner.userId, firstPage(2))).items.map((i) => i.video)
        const when = at("2030-03-05T06:07:08.901Z")
        expect(yield* videos.markDeleted(newest!.videoId, when)).toBe(true)
        expect(yield* videos.markDeleted(newest!.videoId, at("2030-03-06T00:00:00.000Z"))).toBe(false)
        expect(yield* videos.markDeleted(newVideoId(), when)).toBe(false)
        expect(yield* videos.findByVideoId(newest!.videoId)).toEqual(Option.some({ ...newest!, deletedAt: Option.some(when) }))
        const owned = yield* videos.listByOwner(owner.userId, firstPage(10))
        expect([owned.total, ids(owned)]).toEqual([1, [older!.id]])
        for (const mode of ["hold", "off"] as const) {
          const recommended = ids(yield* videos.listRecommended(mode, firstPage(50)))
          expect([recommended.includes(newestFirst[0]!), recommended.includes(newestFirst[1]!)]).toEqual([false, true])
        }
      }))

    it.effect("listByOwner() lists newest first, applies before then offset, and its total ignores both", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const { newestFirst, owner } = yield* ownerWith(5)
        yield* ownerWith(1)
        const list = (query: PageQuery) => videos.listByOwner(owner.userId, query)
        const totalAndIds = (query: PageQuery) => Effect.map(list(query), (p) => [p.total, ids(p)])
        expect(yield* totalAndIds(firstPage(10))).toEqual([5, newestFirst])
        const before = Option.some(newestFirst[1]!)
        expect(yield* totalAndIds({ before, offset: 0, limit: 2 })).toEqual([5, newestFirst.slice(2, 4)])
        expect(yield* totalAndIds({ before, offset: 1, limit: 2 })).toEqual([5, newestFirst.slice(3, 5)])
        expect(yield* Effect.map(list({ before: Option.none(), offset: 4, limit: 3 }), ids)).toEqual(newestFirst.slice(4))
        expect(yield* Effect.map(list({ before: Option.some(newestFirst[4]!), offset: 0, limit: 3 }), ids)).toEqual([])
      }))

    it.effect("listRecommended() holds all but censor success when hold, hides only fail when off; total ignores before", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const totals = Effect.all(
          (["hold", "off"] as const).map((mode) => Effect.map(videos.listRecommended(mode, firstPage(1)), (p) => p.total))
        )
        const [holdBefore, offBefore] = yield* totals
        const owner = yield* (yield* UserRepository).insert(newUser())
        const inserted = yield* Effect.forEach(["onCensor", "check", "success", "fail"] as const, (status) =>
          videos.insert(newVideo(owner.userId, censored(status))))
        const mine = (page: { readonly items: ReadonlyArray<{ readonly video: { readonly id: number } }> }) =>
          ids(page).filter((id) => inserted.some((v) => v.id === id))
        const [onCensor, check, success] = inserted.map((v) => v.id)
        expect(mine(yield* videos.listRecommended("hold", firstPage(50)))).toEqual([success])
        expect(mine(yield* videos.listRecommended("off", firstPage(50)))).toEqual([success, check, onCensor])
        expect(yield* totals).toEqual([holdBefore! + 1, offBefore! + 3])
        const withCursor = yield* videos.listRecommended("off", { before: Option.some(check!), offset: 0, limit: 50 })
        expect([withCursor.total, ids(withCursor)[0]]).toEqual([offBefore! + 3, onCensor])
      }))

    it.effect("lists show the author's current nickname and avatar, so a rename shows at once", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const users = yield* UserRepository
        const { owner } = yield* ownerWith(1, censored("success"))
        const renamed = yield* users.updateNickname(owner.userId, "新名字 ✓" as Nickname, at("2030-03-05T00:00:00.000Z"))
        const author = { userId: owner.userId, nickname: renamed.nickname, avatarUrl: owner.avatarUrl }
        expect((yield* videos.listByOwner(owner.userId, firstPage(1))).items.map((i) => i.author)).toEqual([author])
        expect((yield* videos.listRecommended("hold", firstPage(1))).items.map((i) => i.author)).toEqual([author])
      }))

    it.effect.prop(
      "totals stay exact through any writes (counters kept in each write's transaction, rolled back with it)",
      {
        steps: fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("insert" as const), status: fc.constantFrom(...statuses) }),
            fc.record({ op: fc.constant("censor" as const), pick: fc.nat(), status: fc.constantFrom(...statuses) }),
            fc.record({ op: fc.constant("delete" as const), pick: fc.nat() }),
            fc.record({ op: fc.constant("rollback" as const), status: fc.constantFrom(...statuses) })
          ),
          { maxLength: 12 }
        )
      },
      ({ steps }) =>
        Effect.gen(function*() {
          const videos = yield* VideoRepository
          const transactor = yield* Transactor
          const owner = yield* (yield* UserRepository).insert(newUser())
          const feedTotals = Effect.all((["hold", "off"] as const).map((mode) =>
            Effect.map(videos.listRecommended(mode, firstPage(1)), (p) => p.total)))
          const [holdBefore, offBefore] = yield* feedTotals
          const mine = new Map<VideoId, { status: CensorStatus; deleted: boolean }>()
          const picked = (n: number) => [...mine.keys()][n % Math.max(mine.size, 1)]
          for (const step of steps) {
            if (step.op === "insert") {
              const video = yield* Effect.orDie(videos.insert(newVideo(owner.userId, censored(step.status))))
              mine.set(video.videoId, { status: step.status, deleted: false })
            } else if (step.op === "rollback") {
              // A publish whose transaction fails leaves no video and no count behind.
              yield* transactor.withTransaction(Effect.gen(function*() {
                yield* Effect.orDie(videos.insert(newVideo(owner.userId, censored(step.status))))
                return yield* Effect.fail("abandoned")
              })).pipe(Effect.ignore)
            } else {
              const videoId = picked(step.pick)
              if (videoId === undefined) continue
              const state = mine.get(videoId)!
              if (step.op === "censor") {
                yield* videos.updateMedia(videoId, censored(step.status))
                state.status = step.status
              } else {
                yield* videos.markDeleted(videoId, at("2030-03-06T00:00:00.000Z"))
                state.deleted = true
              }
            }
          }
          const visible = [...mine.values()].filter((v) => !v.deleted)
          const owned = yield* videos.listByOwner(owner.userId, firstPage(50))
          expect([owned.total, owned.items.length]).toEqual([visible.length, visible.length])
          expect(yield* feedTotals).toEqual([
            holdBefore! + visible.filter((v) => v.status === "success").length,
            offBefore! + visible.filter((v) => v.status !== "fail").length
          ])
        }),
      { fastCheck: { numRuns: 20 } }
    )

    it.effect("concurrent feed pages (read together in one statement under load) each get their own page", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        yield* ownerWith(30, censored("success"))
        const newest = (yield* videos.listRecommended("hold", firstPage(50))).items.map((i) => i.video.id)
        const queries: Array<PageQuery> = Array.from({ length: 60 }, (_, i) => ({
          before: i % 5 === 0 ? Option.none() : Option.some(newest[i % newest.length]!),
          offset: 0,
          limit: 1 + (i % 7)
        }))
        const alone = yield* Effect.forEach(queries, (q) => videos.listRecommended("hold", q))
        const together = yield* Effect.forEach(queries, (q) => videos.listRecommended("hold", q), { concurrency: "unbounded" })
        expect(together.map(ids)).toEqual(alone.map(ids))
        expect(together.map((p) => p.total)).toEqual(alone.map((p) => p.total))
      }))

    it.effect("every write advances the versions before it returns, in a transaction once it ends", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const users = yield* UserRepository
        const versions = yield* DataVersions
        const now = (scope: "videos" | "users") => versions.current(scope) ?? -1
        const advances = <A, E>(scope: "videos" | "users", write: Effect.Effect<A, E>) =>
          Effect.gen(function*() {
            const before = now(scope)
            const result = yield* write
            expect(now(scope), scope).toBeGreaterThan(before)
            return result
          })
        const { owner } = yield* ownerWith(0)
        const video = yield* advances("videos", videos.insert(newVideo(owner.userId)))
        yield* advances("videos", videos.updateMedia(video.videoId, censored("success")))
        yield* advances("videos", users.updateNickname(owner.userId, "改名" as Nickname, at("2030-03-05T00:00:00.000Z")))
        yield* advances("users", users.updateNickname(owner.userId, "再改" as Nickname, at("2030-03-05T00:00:01.000Z")))
        yield* advances("videos", videos.markDeleted(video.videoId, at("2030-03-06T00:00:00.000Z")))
        // In a transaction, the advance that counts comes once it ends: a reader that noted the version between
        // the write and the commit read the old rows and must not keep them.
        const transactor = yield* Transactor
        let afterWrite = -1
        yield* transactor.withTransaction(Effect.gen(function*() {
          yield* Effect.orDie(videos.insert(newVideo(owner.userId)))
          afterWrite = now("videos")
        }))
        expect(now("videos")).toBeGreaterThan(afterWrite)
      }))

    it.effect.prop(
      "listByOwner() pages by cursor or by pageIndex cover the list exactly once, cursors even while videos are added",
      { count: fc.integer({ min: 0, max: 12 }), pageSize: fc.integer({ min: 1, max: 5 }) },
      ({ count, pageSize }) =>
        Effect.gen(function*() {
          const videos = yield* VideoRepository
          const { newestFirst, owner } = yield* ownerWith(count)
          const list = (query: PageQuery) => videos.listByOwner(owner.userId, query)
          expect(yield* walk(list, pageSize, "offset")).toEqual(newestFirst)
          const publish = Effect.suspend(() => Effect.orDie(videos.insert(newVideo(owner.userId))))
          expect(yield* walk(list, pageSize, "cursor", publish)).toEqual(newestFirst)
        }),
      { fastCheck: { numRuns: 15 } }
    )

    it.effect.prop(
      "listRecommended() shows pinned videos first in pin order, each exactly once across pages by cursor or pageIndex",
      {
        count: fc.integer({ min: 1, max: 8 }),
        picks: fc.uniqueArray(fc.nat({ max: 7 }), { maxLength: 4 }),
        hidden: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
        pageSize: fc.integer({ min: 1, max: 5 })
      },
      ({ count, hidden, pageSize, picks }) =>
        Effect.gen(function*() {
          const videos = yield* VideoRepository
          const { newestFirst, owner } = yield* ownerWith(count, censored("success"))
          const mine = (yield* videos.listByOwner(owner.userId, firstPage(50))).items.map((i) => i.video)
          const chosen = picks.filter((p) => p < count).map((p) => mine[p]!)
          const pins = chosen.length > 0 ? chosen : [mine[0]!]
          for (const video of pins) expect(yield* videos.pin(video.videoId)).toBe(true)
          expect(yield* videos.pin(pins[0]!.videoId)).toBe(false)
          // A pinned video the feed stops showing (blocked after it was pinned) stays pinned and shows nowhere.
          const blocked = hidden === undefined ? undefined : pins[hidden % pins.length]
          if (blocked !== undefined) yield* videos.updateMedia(blocked.videoId, censored("fail"))
          expect(yield* videos.listPins).toEqual(pins.map((v) => v.videoId))
          const shownPins = pins.filter((v) => v !== blocked).map((v) => v.id)
          const expected = [...shownPins, ...newestFirst.filter((id) => !pins.some((v) => v.id === id))]
          const list = (query: PageQuery) => videos.listRecommended("hold", query)
          const total = (yield* list(firstPage(1))).total
          for (const style of ["offset", "cursor"] as const) {
            const seen = yield* walk(list, pageSize, style)
            expect(new Set(seen).size, style).toBe(seen.length)
            expect(seen.length, style).toBe(total)
            expect(seen.slice(0, shownPins.length), style).toEqual(shownPins)
            expect(seen.filter((id) => expected.includes(id)), style).toEqual(expected)
            expect(seen.includes(blocked?.id ?? -1), style).toBe(false)
          }
        }).pipe(Effect.ensuring(clearPins)),
      { fastCheck: { numRuns: 8 } }
    )

    it.effect("orderPins() reorders the pins, unpin() removes one, and each pin write advances the videos version", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const versions = yield* DataVersions
        const { owner } = yield* ownerWith(3, censored("success"))
        const [a, b, c] = (yield* videos.listByOwner(owner.userId, firstPage(3))).items.map((i) => i.video.videoId)
        const advances = <A>(write: Effect.Effect<A>) =>
          Effect.gen(function*() {
            const before = versions.current("videos") ?? -1
            const result = yield* write
            expect(versions.current("videos")).toBeGreaterThan(before)
            return result
          })
        for (const v of [a!, b!, c!]) yield* advances(videos.pin(v))
        yield* advances(videos.orderPins([c!, a!, b!]))
        expect(yield* videos.listPins).toEqual([c, a, b])
        expect(yield* advances(videos.unpin(a!))).toBe(true)
        expect(yield* videos.unpin(a!)).toBe(false)
        expect(yield* videos.pin(newVideoId())).toBe(false)
        expect(yield* videos.listPins).toEqual([c, b])
        const head = (yield* videos.listRecommended("hold", firstPage(3))).items.map((i) => i.video.videoId)
        expect(head.slice(0, 2)).toEqual([c, b])
      }).pipe(Effect.ensuring(clearPins)))

    it.effect("listForAdmin() filters by state (deleted included), owner and title, newest first by keyset", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const owner = yield* (yield* UserRepository).insert(newUser())
        const inserted = yield* Effect.forEach(["onCensor", "check", "success", "fail", "success"] as const, (status, i) =>
          videos.insert({
            ...newVideo(owner.userId, censored(status)),
            metadata: { ...newVideo(owner.userId).metadata, title: `猫 cat ${i} 100%_` }
          }))
        yield* videos.markDeleted(inserted[4]!.videoId, at("2030-03-05T00:00:00.000Z"))
        const mineOnly: AdminVideoFilter = { state: Option.none(), ownerId: Option.some(owner.userId), titleContains: Option.none() }
        const list = (filter: Partial<AdminVideoFilter>, before = Option.none<number>(), limit = 50) =>
          Effect.map(videos.listForAdmin({ ...mineOnly, ...filter }, { before, limit }), (rows) => rows.map((v) => v.id))
        const all = inserted.map((v) => v.id)
        expect(yield* list({})).toEqual([...all].reverse())
        expect(yield* list({ state: Option.some("success") })).toEqual([all[2]])
        expect(yield* list({ state: Option.some("deleted") })).toEqual([all[4]])
        expect(yield* list({ state: Option.some("fail") })).toEqual([all[3]])
        expect(yield* list({ titleContains: Option.some("cat 1") })).toEqual([all[1]])
        expect(yield* list({ titleContains: Option.some("0%_") })).toEqual([...all].reverse())
        // Neither a LIKE pattern nor case-insensitive.
        expect(yield* list({ titleContains: Option.some("t%1") })).toEqual([])
        expect(yield* list({ titleContains: Option.some("CAT") })).toEqual([])
        expect(yield* list({}, Option.some(all[3]!), 2)).toEqual([all[2], all[1]])
        const anyOwner = yield* videos.listForAdmin(
          { state: Option.none(), ownerId: Option.none(), titleContains: Option.some("猫 cat 3") },
          { before: Option.none(), limit: 50 }
        )
        expect(anyOwner.find((v) => v.id === all[3])).toEqual(inserted[3])
      }))
  })
