import { DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { VideoId } from "../../core/domain/media.ts"
import { type Job, JobRepository, type JobKind } from "../../core/ports/job_repository.ts"
import { MemoryStore } from "./store.ts"

interface Row {
  readonly id: number
  readonly kind: JobKind
  readonly videoId: VideoId
  readonly attempts: number
  readonly dueAt: DateTime.Utc
  readonly lockedUntil: Option.Option<DateTime.Utc>
  readonly doneAt: Option.Option<DateTime.Utc>
  readonly failedAt: Option.Option<DateTime.Utc>
  readonly lastError: Option.Option<string>
  readonly createdAt: DateTime.Utc
}

interface Table {
  readonly lastId: number
  readonly rows: HashMap.HashMap<string, Row>
}

const claimable = (row: Row, now: DateTime.Utc) =>
  Option.isNone(row.doneAt) && Option.isNone(row.failedAt) && DateTime.lessThanOrEqualTo(row.dueAt, now) &&
  Option.match(row.lockedUntil, { onNone: () => true, onSome: (until) => DateTime.lessThanOrEqualTo(until, now) })

const oldestDueFirst = (a: Row, b: Row) => DateTime.toEpochMillis(a.dueAt) - DateTime.toEpochMillis(b.dueAt) || a.id - b.id

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<Table>("jobs", { lastId: 0, rows: HashMap.empty() })
  const settle = (id: string, f: (row: Row) => Row) =>
    store.write(Ref.update(table, (t) => ({ ...t, rows: HashMap.modify(t.rows, id, f) })))

  return JobRepository.of({
    enqueue: (jobs, at) =>
      store.write(Ref.update(table, (t) =>
        jobs.reduce<Table>((acc, job) => {
          const id = acc.lastId + 1
          const row: Row = {
            id,
            ...job,
            attempts: 0,
            dueAt: at,
            lockedUntil: Option.none(),
            doneAt: Option.none(),
            failedAt: Option.none(),
            lastError: Option.none(),
            createdAt: at
          }
          return { lastId: id, rows: HashMap.set(acc.rows, String(id), row) }
        }, t))),
    claimDue: (now, limit, leaseUntil) =>
      store.write(Ref.modify(table, (t): readonly [ReadonlyArray<Job>, Table] => {
        const claimed = [...HashMap.values(t.rows)].filter((row) => claimable(row, now)).sort(oldestDueFirst)
          .slice(0, Math.max(0, limit))
        const lease = Option.some(leaseUntil)
        const rows = claimed.reduce((acc, row) => HashMap.set(acc, String(row.id), { ...row, lockedUntil: lease }), t.rows)
        const jobs = claimed.map((row): Job => ({
          id: String(row.id),
          kind: row.kind,
          videoId: row.videoId,
          attempts: row.attempts
        }))
        return [jobs, { ...t, rows }]
      })),
    complete: (id, at) => settle(id, (row) => ({ ...row, doneAt: Option.some(at), lockedUntil: Option.none() })),
    retryLater: (id, next, errorCode) =>
      settle(id, (row) => ({
        ...row,
        attempts: row.attempts + 1,
        dueAt: next,
        lockedUntil: Option.none(),
        lastError: Option.some(errorCode)
      })),
    giveUp: (id, at, errorCode) =>
      settle(id, (row) => ({
        ...row,
        attempts: row.attempts + 1,
        failedAt: Option.some(at),
        lockedUntil: Option.none(),
        lastError: Option.some(errorCode)
      })),
    stats: (now) =>
      Effect.map(Ref.get(table), (t) => {
        const due = [...HashMap.values(t.rows)].filter((row) => claimable(row, now)).sort(oldestDueFirst)
        return { due: due.length, oldestDueAt: Option.map(Option.fromNullable(due[0]), (row) => row.dueAt) }
      })
  })
})

/** The job queue in memory, claimed under the store's write lock so concurrent claimers never share a job. */
export const layer = Layer.effect(JobRepository, make)
