import { expect, layer } from "@effect/vitest"
import { DateTime, Effect, type Layer, Option } from "effect"
import { randomBytes } from "node:crypto"
import type { VideoId } from "../../core/domain/media.ts"
import { type Job, JobRepository, type JobKind } from "../../core/ports/job_repository.ts"
import { at } from "./_fixtures.ts"

const newVideoId = () => randomBytes(16).toString("hex") as VideoId

const T0 = at("2030-05-01T00:00:00.000Z")
const plus = (seconds: number) => DateTime.add(T0, { seconds })
const LEASE = 120

/** Far after every instant the tests use, so it sees (and here gives up) whatever earlier tests left due. */
const FAR = at("2100-01-01T00:00:00.000Z")

/**
 * Settles every job earlier tests left unsettled: the suite shares one queue, and claimDue takes any due job.
 * Tests run one after another, so each then sees only its own jobs.
 */
const drain = Effect.gen(function*() {
  const jobs = yield* JobRepository
  for (;;) {
    const left = yield* jobs.claimDue(FAR, 100, DateTime.add(FAR, { minutes: 1 }))
    if (left.length === 0) return
    yield* Effect.forEach(left, (job) => jobs.giveUp(job.id, FAR, "drained"), { discard: true })
  }
})

const enqueue = (kinds: ReadonlyArray<JobKind>, due: DateTime.Utc) =>
  Effect.gen(function*() {
    const items = kinds.map((kind) => ({ kind, videoId: newVideoId() }))
    yield* (yield* JobRepository).enqueue(items, due)
    return items
  })

const claim = (now: DateTime.Utc, limit = 100) =>
  Effect.flatMap(JobRepository, (jobs) => jobs.claimDue(now, limit, DateTime.add(now, { seconds: LEASE })))

const what = (jobs: ReadonlyArray<Job>) => jobs.map((job) => ({ kind: job.kind, videoId: job.videoId, attempts: job.attempts }))

/** The JobRepository contract: every adapter must pass it. The layer may be shared by all tests of the suite. */
export const jobRepositoryContract = <E>(name: string, repository: Layer.Layer<JobRepository, E>) =>
  layer(repository)(name, (it) => {
    it.effect("claimDue() returns only jobs due by now, oldest due first (then in enqueue order), not yet attempted", () =>
      Effect.gen(function*() {
        yield* drain
        const later = yield* enqueue(["snapshot", "audit"], plus(10))
        const first = yield* enqueue(["delete"], T0)
        yield* enqueue(["transcode"], plus(60))
        const claimed = yield* claim(plus(30))
        expect(what(claimed)).toEqual([...first, ...later].map((job) => ({ ...job, attempts: 0 })))
        expect(new Set(claimed.map((job) => job.id)).size).toBe(3)
      }))

    it.effect("claimDue() takes at most limit jobs, and a claimed job is skipped until its lease expires", () =>
      Effect.gen(function*() {
        yield* drain
        const queued = yield* enqueue(["snapshot", "audit", "transcode"], T0)
        expect(what(yield* claim(T0, 2)).map((job) => job.videoId)).toEqual(queued.slice(0, 2).map((job) => job.videoId))
        expect(what(yield* claim(T0)).map((job) => job.videoId)).toEqual([queued[2]!.videoId])
        expect(yield* claim(plus(LEASE - 1))).toEqual([])
        expect(what(yield* claim(plus(LEASE))).map((job) => job.videoId)).toEqual(queued.map((job) => job.videoId))
      }))

    it.effect("concurrent claimDue() calls never return the same job, and together take every due job", () =>
      Effect.gen(function*() {
        yield* drain
        const queued = yield* enqueue(Array.from({ length: 24 }, () => "snapshot" as const), T0)
        const claims = yield* Effect.all(Array.from({ length: 4 }, () => claim(T0, 8)), { concurrency: "unbounded" })
        const ids = claims.flat().map((job) => job.id)
        expect(new Set(ids).size).toBe(ids.length)
        expect(claims.flat().map((job) => job.videoId).sort()).toEqual(queued.map((job) => job.videoId).sort())
        expect(yield* claim(T0)).toEqual([])
      }))

    it.effect("complete() removes a job from the due set for good", () =>
      Effect.gen(function*() {
        yield* drain
        yield* enqueue(["snapshot", "audit"], T0)
        const [done, open] = yield* claim(T0)
        yield* (yield* JobRepository).complete(done!.id, plus(1))
        expect(yield* claim(plus(LEASE))).toEqual([{ ...open!, attempts: 0 }])
      }))

    it.effect("retryLater() counts the attempt, releases the lease, and makes the job due again at next", () =>
      Effect.gen(function*() {
        yield* drain
        const jobs = yield* JobRepository
        yield* enqueue(["audit"], T0)
        const [job] = yield* claim(T0)
        yield* jobs.retryLater(job!.id, plus(30), "Throttling")
        expect(yield* claim(plus(29))).toEqual([])
        expect(yield* claim(plus(30))).toEqual([{ ...job!, attempts: 1 }])
        yield* jobs.retryLater(job!.id, plus(40), "Throttling")
        expect(yield* claim(plus(40))).toEqual([{ ...job!, attempts: 2 }])
      }))

    it.effect("giveUp() settles the job for good, while a job retried later stays due", () =>
      Effect.gen(function*() {
        yield* drain
        const jobs = yield* JobRepository
        yield* enqueue(["transcode", "delete"], T0)
        const [failed, open] = yield* claim(T0)
        yield* jobs.retryLater(open!.id, plus(5), "Throttling")
        yield* jobs.giveUp(failed!.id, plus(1), "InvalidVideo.NotFound")
        expect(yield* claim(DateTime.add(T0, { days: 365 }))).toEqual([{ ...open!, attempts: 1 }])
      }))

    it.effect("stats() counts the due jobs no worker holds, and gives the oldest due time", () =>
      Effect.gen(function*() {
        yield* drain
        const jobs = yield* JobRepository
        const stats = (now: DateTime.Utc) =>
          Effect.map(jobs.stats(now), (s) => ({ due: s.due, oldestDueAt: Option.map(s.oldestDueAt, DateTime.formatIso) }))
        const iso = (t: DateTime.Utc) => Option.some(DateTime.formatIso(t))
        expect(yield* stats(FAR)).toEqual({ due: 0, oldestDueAt: Option.none() })
        yield* enqueue(["snapshot", "audit"], plus(10))
        yield* enqueue(["delete"], T0)
        yield* enqueue(["transcode"], plus(60))
        expect(yield* stats(DateTime.subtract(T0, { seconds: 1 }))).toEqual({ due: 0, oldestDueAt: Option.none() })
        expect(yield* stats(T0)).toEqual({ due: 1, oldestDueAt: iso(T0) })
        expect(yield* stats(plus(30))).toEqual({ due: 3, oldestDueAt: iso(T0) })
        expect(yield* stats(plus(60))).toEqual({ due: 4, oldestDueAt: iso(T0) })
        // A leased job leaves the backlog until its lease expires; a settled one for good.
        const [oldest] = yield* claim(T0, 1)
        expect(yield* stats(plus(30))).toEqual({ due: 2, oldestDueAt: iso(plus(10)) })
        expect(yield* stats(plus(LEASE))).toEqual({ due: 4, oldestDueAt: iso(T0) })
        yield* jobs.complete(oldest!.id, plus(1))
        expect(yield* stats(plus(LEASE))).toEqual({ due: 3, oldestDueAt: iso(plus(10)) })
        const [next] = yield* claim(plus(LEASE), 1)
        yield* jobs.retryLater(next!.id, plus(LEASE + 100), "Throttling")
        yield* jobs.giveUp((yield* claim(plus(LEASE), 1))[0]!.id, plus(LEASE), "InvalidVideo.NotFound")
        expect(yield* stats(plus(LEASE))).toEqual({ due: 1, oldestDueAt: iso(plus(60)) })
        expect(yield* stats(plus(LEASE + 100))).toEqual({ due: 2, oldestDueAt: iso(plus(60)) })
      }))

    it.effect("enqueue() of no jobs adds nothing", () =>
      Effect.gen(function*() {
        yield* drain
        yield* (yield* JobRepository).enqueue([], T0)
        expect(yield* claim(FAR)).toEqual([])
      }))
  })
