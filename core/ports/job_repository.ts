import type { DateTime, Effect, Option } from "effect"
import { Context } from "effect"
import type { VideoId } from "../domain/media.ts"

/** Work for the media cloud that must happen after a request, with retries: never inside the request. */
export type JobKind = "snapshot" | "audit" | "transcode" | "delete"

/** A claimed job. */
export interface Job {
  readonly id: string
  readonly kind: JobKind
  readonly videoId: VideoId
  /** Attempts made before this one. */
  readonly attempts: number
}

/** The queue's backlog at an instant, for the job queue gauges. */
export interface JobQueueStats {
  /** Jobs due by then, neither settled nor leased to a worker. */
  readonly due: number
  /** When the oldest of them became due; none when there are none. */
  readonly oldestDueAt: Option.Option<DateTime.Utc>
}

/** A durable job table: enqueue inside the use case's transaction, a worker claims and settles jobs. */
export class JobRepository extends Context.Tag("core/JobRepository")<JobRepository, {
  /** Adds jobs due at `at`. */
  readonly enqueue: (jobs: ReadonlyArray<{ readonly kind: JobKind; readonly videoId: VideoId }>, at: DateTime.Utc) => Effect.Effect<void>
  /** Claims up to `limit` due jobs for this worker until `leaseUntil` (others skip them meanwhile), oldest first. */
  readonly claimDue: (now: DateTime.Utc, limit: number, leaseUntil: DateTime.Utc) => Effect.Effect<ReadonlyArray<Job>>
  /** Marks a job done. */
  readonly complete: (id: string, at: DateTime.Utc) => Effect.Effect<void>
  /** Counts a failed attempt and makes the job due again at `next`. */
  readonly retryLater: (id: string, next: DateTime.Utc, errorCode: string) => Effect.Effect<void>
  /** Counts a failed attempt and stops retrying the job. */
  readonly giveUp: (id: string, at: DateTime.Utc, errorCode: string) => Effect.Effect<void>
  /** The jobs due at `now` that no worker holds (what claimDue would take, without a limit), and the oldest due time. */
  readonly stats: (now: DateTime.Utc) => Effect.Effect<JobQueueStats>
}>() {}
