import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, Schema } from "effect"
import { VideoId } from "../../core/domain/media.ts"
import { JobRepository } from "../../core/ports/job_repository.ts"

/** A claimed `jobs` row (the bigint id as text). */
const JobRow = Schema.Struct({
  id: Schema.String,
  kind: Schema.Literal("snapshot", "audit", "transcode", "delete"),
  videoId: VideoId,
  attempts: Schema.Int
})

const decodeRows = Schema.decodeUnknown(Schema.Array(JobRow))

/** The backlog row: the count as int, the oldest due time (null when nothing is due). */
const StatsRow = Schema.Struct({
  due: Schema.Int,
  oldestDueAt: Schema.OptionFromNullOr(Schema.DateTimeUtcFromDate)
})

const decodeStats = Schema.decodeUnknown(Schema.Tuple(StatsRow))

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return JobRepository.of({
    enqueue: Effect.fn("JobRepository.enqueue")(function*(jobs, at) {
      if (jobs.length === 0) return
      const date = DateTime.toDateUtc(at)
      yield* Effect.orDie(sql`insert into jobs ${
        sql.insert(jobs.map((job) => ({ kind: job.kind, videoId: job.videoId, dueAt: date, createdAt: date })))
      }`)
    }),
    claimDue: Effect.fn("JobRepository.claimDue")(function*(now, limit, leaseUntil) {
      const at = DateTime.toDateUtc(now)
      // Locking the candidates with skip locked, then re-checking the lease under the lock, lets concurrent claimers
      // each take different jobs and never one whose lease another worker holds.
      return yield* sql`
        with claimed as (
          update jobs set locked_until = ${DateTime.toDateUtc(leaseUntil)}
          where id in (
            select id from jobs
            where done_at is null and failed_at is null and due_at <= ${at}
              and (locked_until is null or locked_until <= ${at})
            order by due_at, id
            limit ${Math.max(0, limit)}
            for update skip locked
          )
          returning id, kind, video_id, attempts, due_at
        )
        select id::text as id, kind, video_id, attempts from claimed order by due_at, id`.pipe(
        Effect.flatMap(decodeRows),
        Effect.orDie
      )
    }),
    complete: Effect.fn("JobRepository.complete")(function*(id, at) {
      yield* Effect.orDie(sql`update jobs set done_at = ${DateTime.toDateUtc(at)}, locked_until = null where id = ${id}`)
    }),
    retryLater: Effect.fn("JobRepository.retryLater")(function*(id, next, errorCode) {
      yield* Effect.orDie(sql`update jobs set attempts = attempts + 1, due_at = ${DateTime.toDateUtc(next)},
        locked_until = null, last_error = ${errorCode} where id = ${id}`)
    }),
    giveUp: Effect.fn("JobRepository.giveUp")(function*(id, at, errorCode) {
      yield* Effect.orDie(sql`update jobs set attempts = attempts + 1, failed_at = ${DateTime.toDateUtc(at)},
        locked_until = null, last_error = ${errorCode} where id = ${id}`)
    }),
    stats: Effect.fn("JobRepository.stats")(function*(now) {
      const at = DateTime.toDateUtc(now)
      // The same predicate as claimDue's, so the partial index jobs_due (due_at, id) on unsettled jobs bounds the scan.
      const [row] = yield* sql`
        select count(*)::int as due, min(due_at) as oldest_due_at from jobs
        where done_at is null and failed_at is null and due_at <= ${at}
          and (locked_until is null or locked_until <= ${at})`.pipe(
        Effect.flatMap(decodeStats),
        Effect.orDie
      )
      return row
    })
  })
})

/** The durable job queue in PostgreSQL (or PGlite): claims lock with skip locked and hold a lease. */
export const layer = Layer.effect(JobRepository, make)
