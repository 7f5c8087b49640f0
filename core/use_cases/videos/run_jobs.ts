import { DateTime, Duration, Effect, Option } from "effect"
import { unavailableIn } from "../../domain/errors.ts"
import type { MediaCloudError } from "../../ports/media_cloud.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"
import { type Job, JobRepository } from "../../ports/job_repository.ts"

/** How the worker retries: exponential from `base`, capped at `max`, `attempts` in all. */
export interface RetryPolicy {
  readonly base: Duration.Duration
  readonly max: Duration.Duration
  readonly attempts: number
  /** How long a claimed job stays invisible to other workers. */
  readonly lease: Duration.Duration
}

/** Defaults: 5 s doubling to 1 h, 10 attempts, 2 minute lease. */
export const defaultRetryPolicy: RetryPolicy = {
  base: Duration.seconds(5),
  max: Duration.hours(1),
  attempts: 10,
  lease: Duration.minutes(2)
}

const perform = (job: Job) =>
  Effect.flatMap(MediaCloud, (cloud): Effect.Effect<unknown, MediaCloudError> => {
    switch (job.kind) {
      case "snapshot":
        return cloud.submitSnapshotJob(job.videoId)
      case "audit":
        return cloud.submitAuditJob(job.videoId)
      case "transcode":
        return cloud.submitTranscodeJobs(job.videoId)
      case "delete":
        // A video the cloud no longer has counts as deleted.
        return cloud.deleteVideos([job.videoId]).pipe(Effect.catchTag("NotFound", () => Effect.void))
    }
  })

// Only the cloud's own failures are worth another try; refused input or a missing video will not change.
const errorCode = (error: MediaCloudError) => error._tag === "Upstream" ? error.code : error._tag

/** Claims due jobs and runs them against the media cloud, settling each; returns how many ran. */
export const runDueJobs = Effect.fn("runDueJobs")(function*(limit: number, policy: RetryPolicy = defaultRetryPolicy) {
  const jobs = yield* JobRepository
  const now = yield* DateTime.now
  const due = yield* jobs.claimDue(now, limit, DateTime.addDuration(now, policy.lease))
  yield* Effect.forEach(due, (job) =>
    perform(job).pipe(
      Effect.matchEffect({
        onSuccess: () => Effect.flatMap(DateTime.now, (at) => jobs.complete(job.id, at)),
        onFailure: (error) =>
          Effect.gen(function*() {
            const at = yield* DateTime.now
            const attempt = job.attempts + 1
            yield* Effect.logWarning("media job failed").pipe(
              Effect.annotateLogs({ job: job.kind, videoId: job.videoId, attempt, code: errorCode(error) })
            )
            if (error._tag !== "Upstream" || attempt >= policy.attempts) return yield* jobs.giveUp(job.id, at, errorCode(error))
            const delay = Duration.min(Duration.times(policy.base, 2 ** (attempt - 1)), policy.max)
            yield* jobs.retryLater(job.id, DateTime.addDuration(at, delay), errorCode(error))
          })
      })
    ), { concurrency: 4, discard: true })
  return due.length
})

// While the database is away the worker waits this long between tries; the adapter logs the outage itself.
const OUTAGE_PAUSE = Duration.seconds(1)

/** Runs due jobs forever, pausing `idle` whenever none were due, and longer while the database is unavailable. */
export const runJobsForever = (idle: Duration.DurationInput, policy: RetryPolicy = defaultRetryPolicy) =>
  Effect.forever(
    runDueJobs(20, policy).pipe(
      Effect.catchAllCause((cause) =>
        Option.isSome(unavailableIn(cause))
          ? Effect.as(Effect.sleep(OUTAGE_PAUSE), 0)
          : Effect.as(Effect.logError("job worker step failed", cause), 0)
      ),
      Effect.flatMap((ran) => (ran === 0 ? Effect.sleep(idle) : Effect.void))
    )
  )
