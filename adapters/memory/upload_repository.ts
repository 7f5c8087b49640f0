import { DateTime, Effect, Equal, HashMap, Layer, Option, Ref } from "effect"
import { Conflict } from "../../core/domain/errors.ts"
import type { UploadRecord, VideoId } from "../../core/domain/media.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { MemoryStore } from "./store.ts"

interface Row extends UploadRecord {
  readonly publishedAt: Option.Option<DateTime.Utc>
}

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table("uploads", HashMap.empty<VideoId, Row>())
  const record = ({ publishedAt: _, ...rest }: Row): UploadRecord => rest
  const pending = (row: Row) => Option.isNone(row.publishedAt)
  return UploadRepository.of({
    insert: (record) =>
      store.write(Effect.flatMap(Ref.get(table), (rows) =>
        HashMap.has(rows, record.videoId)
          ? Effect.fail(new Conflict({ message: `Cannot record upload: videoId ${record.videoId} is already recorded` }))
          : Ref.set(table, HashMap.set(rows, record.videoId, { ...record, publishedAt: Option.none() })))),
    find: (videoId) => Effect.map(Ref.get(table), (rows) => Option.map(HashMap.get(rows, videoId), record)),
    // Memory transactions already run one at a time.
    findForUpdate: (videoId) => Effect.map(Ref.get(table), (rows) => Option.map(HashMap.get(rows, videoId), record)),
    claim: (videoId, userId) =>
      store.write(Ref.update(table, (rows) =>
        HashMap.modify(rows, videoId, (r) => Option.isNone(r.owner) ? { ...r, owner: Option.some(userId) } : r))),
    markPublished: (videoId, at) =>
      store.write(Ref.update(table, (rows) =>
        HashMap.modify(rows, videoId, (r) => pending(r) ? { ...r, publishedAt: Option.some(at) } : r))),
    pendingUsage: (query) =>
      Effect.map(Ref.get(table), (rows) => {
        const recent = [...HashMap.values(rows)].filter((r) => pending(r) && DateTime.greaterThanOrEqualTo(r.createdAt, query.since))
        const usage = (keep: (r: Row) => boolean) => {
          const mine = recent.filter(keep)
          return {
            uploads: mine.length,
            bytes: mine.reduce((sum, r) => sum + Option.getOrElse(r.fileSize, () => query.undeclaredBytes), 0)
          }
        }
        return {
          owner: usage((r) => Option.isSome(query.owner) && Option.getEquivalence(Equal.equals)(r.owner, query.owner)),
          address: usage((r) => r.clientAddress === query.clientAddress)
        }
      }),
    takeExpired: (before, limit) =>
      store.write(Ref.modify(table, (rows) => {
        const expired = [...HashMap.values(rows)]
          .filter((r) => pending(r) && DateTime.lessThan(r.createdAt, before))
          .sort((a, b) => DateTime.toEpochMillis(a.createdAt) - DateTime.toEpochMillis(b.createdAt))
          .slice(0, Math.max(0, limit))
          .map((r) => r.videoId)
        return [expired, HashMap.removeMany(rows, expired)]
      }))
  })
})

/** Upload records in memory. */
export const layer = Layer.effect(UploadRepository, make)
