import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer, Ref, TestClock } from "effect"
import { NotFound, Upstream, ValidationError } from "../../core/domain/errors.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { JobRepository } from "../../core/ports/job_repository.ts"
import { MediaCloud, type MediaCloudError } from "../../core/ports/media_cloud.ts"
import { defaultRetryPolicy, runDueJobs } from "../../core/use_cases/videos/run_jobs.ts"
import { memoryDatabase } from "../../composition/databases.ts"

const VIDEO = "ab".repeat(16) as VideoId

/** A cloud whose every call answers with the next scripted outcome (success when the script is empty). */
const scriptedCloud = (script: Array<MediaCloudError | "ok">) =>
  Effect.gen(function*() {
    const calls = yield* Ref.make<Array<string>>([])
    const answer = (name: string) =>
      Effect.gen(function*() {
        yield* Ref.update(calls, (c) => [...c, name])
        const next = script.shift() ?? "ok"
        if (next !== "ok") return yield* Effect.fail(next)
        return { jobId: "job" }
      })
    const layer = Layer.mock(MediaCloud, {
      submitSnapshotJob: () => answer("snapshot"),
      submitAuditJob: () => answer("audit"),
      submitTranscodeJobs: () => answer("transcode"),
      deleteVideos: () => Effect.as(answer("delete"), { nonExistent: [], forbidden: [] })
    })
    return { calls, layer }
  })

const run = <A, E>(script: Array<MediaCloudError | "ok">, body: (calls: Ref.Ref<Array<string>>) => Effect.Effect<A, E, JobRepository | MediaCloud>) =>
  Effect.gen(function*() {
    const cloud = yield* scriptedCloud(script)
    return yield* body(cloud.calls).pipe(Effect.provide(Layer.merge(memoryDatabase, cloud.layer)))
  })

const enqueue = (kind: "snapshot" | "audit" | "transcode" | "delete") =>
  Effect.flatMap(JobRepository, (jobs) => Effect.flatMap(DateTime.now, (now) => jobs.enqueue([{ kind, videoId: VIDEO }], now)))

const upstream = new Upstream({ service: "vod", code: "Throttling.User" })

describe("runDueJobs()", () => {
  it.effect("runs a due job once and completes it", () =>
    run([], (calls) =>
      Effect.gen(function*() {
        yield* enqueue("snapshot")
        expect(yield* runDueJobs(10)).toBe(1)
        expect(yield* runDueJobs(10)).toBe(0)
        expect(yield* Ref.get(calls)).toEqual(["snapshot"])
      })))

  it.effect("retries the cloud's own failures with growing delays, and only when due", () =>
    run([upstream, upstream, "ok"], (calls) =>
      Effect.gen(function*() {
        yield* enqueue("audit")
        expect(yield* runDueJobs(10)).toBe(1)
        expect(yield* runDueJobs(10)).toBe(0) // not due yet
        yield* TestClock.adjust(defaultRetryPolicy.base)
        expect(yield* runDueJobs(10)).toBe(1)
        yield* TestClock.adjust(defaultRetryPolicy.base)
        expect(yield* runDueJobs(10)).toBe(0) // second delay is twice the first
        yield* TestClock.adjust(defaultRetryPolicy.base)
        expect(yield* runDueJobs(10)).toBe(1)
        yield* TestClock.adjust(Duration.hours(2))
        expect(yield* runDueJobs(10)).toBe(0)
        expect(yield* Ref.get(calls)).toEqual(["audit", "audit", "audit"])
      })))

  it.effect("gives up at once on refused input, and after the last attempt on cloud failures", () =>
    run([new ValidationError({ parameter: "title", message: "no" }), ...Array(10).fill(upstream)], (calls) =>
      Effect.gen(function*() {
        yield* enqueue("transcode")
        yield* runDueJobs(10)
        yield* TestClock.adjust(Duration.hours(10))
        expect(yield* runDueJobs(10)).toBe(0)
        yield* enqueue("snapshot")
        for (let i = 0; i < 12; i++) {
          yield* runDueJobs(10)
          yield* TestClock.adjust(Duration.hours(2))
        }
        expect((yield* Ref.get(calls)).length).toBe(1 + defaultRetryPolicy.attempts)
      })))

  it.effect("counts a video the cloud no longer has as deleted", () =>
    run([new NotFound({ resource: "video", id: VIDEO })], (calls) =>
      Effect.gen(function*() {
        yield* enqueue("delete")
        yield* runDueJobs(10)
        yield* TestClock.adjust(Duration.hours(10))
        expect(yield* runDueJobs(10)).toBe(0)
        expect(yield* Ref.get(calls)).toEqual(["delete"])
      })))
})
