import { expect, layer } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber, type Layer, Option } from "effect"
import type { VideoId } from "../../core/domain/media.ts"
import type { UserId } from "../../core/domain/user.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { Transactor } from "../../core/ports/transactor.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { VideoSettings } from "../../core/ports/video_settings.ts"
import type { JobRepository } from "../../core/ports/job_repository.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import type { VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { publishVideo } from "../../core/use_cases/videos/publish_video.ts"
import { receiveVodEvent } from "../../core/use_cases/videos/receive_vod_event.ts"
import { at, newSession, newUser, seeded, unique } from "./_fixtures.ts"
import { newVideo } from "./video_repository.ts"

type Repositories =
  | UserRepository
  | SessionRepository
  | VideoRepository
  | Transactor
  | UploadRepository
  | VodEventRepository
  | JobRepository

const OWNERS = 8
const VIDEOS_EACH = 5
const OPERATIONS = 1_500

interface Tally {
  ok: number
  interrupted: number
  /** Answers that are not what their own query asked for. */
  readonly wrong: Array<string>
  /** Failures of operations nothing interrupted. */
  readonly failed: Array<string>
}

const setUp = Effect.gen(function*() {
  const users = yield* UserRepository
  const sessions = yield* SessionRepository
  const videos = yield* VideoRepository
  return yield* Effect.forEach(Array.from({ length: OWNERS }), () =>
    Effect.gen(function*() {
      const owner = yield* users.insert(newUser())
      const session = newSession(owner.userId)
      yield* sessions.insert(session)
      const own = yield* Effect.forEach(Array.from({ length: VIDEOS_EACH }), () => videos.insert(newVideo(owner.userId)))
      return { userId: owner.userId, tokenHash: session.tokenHash, videoIds: own.map((v) => v.videoId) }
    }))
})

/**
 * Every adapter under many concurrent reads and transactional writes, a third of them interrupted at random
 * (seeded, so the schedule repeats): each answer is the one its own query asked for, nothing that was not
 * interrupted fails, and a write either happened whole or not at all (docs/reference/api-contract.md §5).
 */
export const concurrencyContract = <E>(name: string, repositories: Layer.Layer<Repositories, E>) =>
  layer(repositories, { timeout: 120_000, excludeTestServices: true })(name, (it) => {
    it.effect("answers every query with its own rows while others are interrupted at random", () =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const sessions = yield* SessionRepository
        const transactor = yield* Transactor
        const owners = yield* setUp
        const random = seeded(8068)
        const pick = <A>(items: ReadonlyArray<A>) => items[Math.floor(random() * items.length)]!
        const tally: Tally = { ok: 0, interrupted: 0, wrong: [], failed: [] }
        const committed: Array<VideoId> = []
        const abandoned: Array<VideoId> = []

        const operation = (i: number): Effect.Effect<void> => {
          const owner = pick(owners)
          const kind = random()
          const check = (ok: boolean, what: string) => ok ? tally.ok++ : tally.wrong.push(`#${i} ${what}`)
          if (kind < 0.35) {
            return Effect.map(videos.listByOwner(owner.userId, { before: Option.none(), offset: 0, limit: 50 }), (page) => {
              const foreign = page.items.filter((item) => item.author.userId !== owner.userId)
              const missing = owner.videoIds.filter((id) => !page.items.some((item) => item.video.videoId === id))
              check(foreign.length === 0 && missing.length === 0, `list of ${owner.userId}: ${foreign.length} foreign`)
            })
          }
          if (kind < 0.6) {
            const videoId = pick(owner.videoIds)
            return Effect.map(videos.findByVideoId(videoId), (found) =>
              check(
                Option.isSome(found) && found.value.videoId === videoId && found.value.ownerId === owner.userId,
                `video ${videoId}`
              ))
          }
          if (kind < 0.8) {
            return Effect.map(sessions.findByTokenHash(owner.tokenHash), (found) =>
              check(Option.isSome(found) && found.value.userId === owner.userId, `session of ${owner.userId}`))
          }
          // A transaction that writes, reads its own write back, and sometimes rolls back on purpose.
          const video = newVideo(owner.userId)
          const rollback = random() < 0.3
          return transactor.withTransaction(Effect.gen(function*() {
            yield* videos.insert(video)
            const locked = yield* videos.findForUpdate(video.videoId)
            check(Option.isSome(locked) && locked.value.ownerId === owner.userId, `own write ${video.videoId}`)
            if (rollback) return yield* Effect.fail("rolled back on purpose" as const)
          })).pipe(
            Effect.matchEffect({
              onSuccess: () => Effect.sync(() => committed.push(video.videoId)),
              onFailure: (e) => e === "rolled back on purpose" ? Effect.void : Effect.die(e)
            }),
            Effect.onInterrupt(() => Effect.sync(() => abandoned.push(video.videoId)))
          )
        }

        const schedule = Array.from({ length: OPERATIONS }, (_, i) => ({
          i,
          timeoutMs: random() < 0.33 ? Math.floor(random() * 4) : undefined
        }))
        yield* Effect.forEach(schedule, ({ i, timeoutMs }) => {
          const run = Effect.suspend(() => operation(i))
          const timed = timeoutMs === undefined ? Effect.asSome(run) : Effect.timeoutOption(run, timeoutMs)
          return Effect.exit(timed).pipe(Effect.map((exit) => {
            if (Exit.isSuccess(exit)) {
              if (Option.isNone(exit.value)) tally.interrupted++
            } else tally.failed.push(`#${i} ${Cause.pretty(exit.cause).split("\n")[0]}`)
          }))
        }, { concurrency: 40, discard: true })

        expect(tally.wrong).toEqual([])
        expect(tally.failed).toEqual([])
        expect(tally.ok).toBeGreaterThan(OPERATIONS / 3)
        // Committed writes stay, rolled back ones are gone, interrupted ones happened whole or not at all.
        for (const videoId of committed) expect(Option.isSome(yield* videos.findByVideoId(videoId))).toBe(true)
        const listed = yield* Effect.forEach(owners, (owner) =>
          Effect.map(
            videos.listByOwner(owner.userId as UserId, { before: Option.none(), offset: 0, limit: 1_000 }),
            (page) => page.items.map((item) => item.video.videoId)
          ))
        const all = listed.flat()
        expect(new Set(all).size).toBe(all.length)
        const expected = owners.length * VIDEOS_EACH + committed.length
        expect(all.length).toBeGreaterThanOrEqual(expected)
        expect(all.length).toBeLessThanOrEqual(expected + abandoned.length)
      }), 120_000)
  
    it.effect("findForUpdate() of an upload makes a second transaction wait until the first commits", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const transactor = yield* Transactor
        const user = yield* (yield* UserRepository).insert(newUser())
        const videoId = newVideo(user.userId).videoId
        yield* uploads.insert({ videoId, owner: Option.none(), title: "t", fileName: "a.mp4", createdAt: at("2030-01-01T00:00:00Z"), clientAddress: "", fileSize: Option.none() })
        const first = yield* Effect.fork(transactor.withTransaction(Effect.gen(function*() {
          yield* uploads.findForUpdate(videoId)
          yield* Effect.sleep(150)
          yield* uploads.claim(videoId, user.userId)
        })))
        yield* Effect.sleep(50)
        const seen = yield* transactor.withTransaction(uploads.findForUpdate(videoId))
        expect(Option.flatMap(seen, (record) => record.owner)).toEqual(Option.some(user.userId))
        yield* Fiber.join(first)
      }), 30_000)

    it.effect("an audit event racing the publish of its video is applied, whichever commits first", () =>
      Effect.gen(function*() {
        const uploads = yield* UploadRepository
        const videos = yield* VideoRepository
        const users = yield* UserRepository
        const rounds = yield* Effect.forEach(Array.from({ length: 24 }), (_, round) =>
          Effect.gen(function*() {
            const caller = yield* users.insert(newUser())
            const videoId = newVideo(caller.userId).videoId
            yield* uploads.insert({ videoId, owner: Option.some(caller.userId), title: "t", fileName: "a.mp4", createdAt: at("2030-01-01T00:00:00Z"), clientAddress: "", fileSize: Option.none() })
            const none = Option.none()
            const publish = publishVideo({
              caller, videoId, title: none, description: none, duration: none, coverUrl: none, size: none, tags: none,
              cateId: none, cateName: none
            })
            const audit = receiveVodEvent({
              key: unique("event"),
              body: { EventType: "AIMediaAuditComplete", MediaId: videoId, Status: "success", Data: { Suggestion: "pass" }, EventTime: "2020-01-01T00:00:05Z" }
            })
            yield* Effect.all([publish, audit], { concurrency: 2 })
            const video = yield* videos.findByVideoId(videoId)
            return [round, Option.map(video, (v) => v.media.censor.value)] as const
          }), { concurrency: 6 })
        expect(rounds.filter(([, censor]) => !Option.contains(censor, "success"))).toEqual([])
      }).pipe(Effect.provideService(VideoSettings, VideoSettings.of({ moderation: "hold" }))), 60_000)
  })
