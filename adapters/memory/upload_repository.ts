import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { Conflict } from "../../core/domain/errors.ts"
import type { UploadRecord, VideoId } from "../../core/domain/media.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { MemoryStore } from "./store.ts"

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table("uploads", HashMap.empty<VideoId, UploadRecord>())
  return UploadRepository.of({
    insert: (record) =>
      store.write(Effect.flatMap(Ref.get(table), (rows) =>
        HashMap.has(rows, record.videoId)
          ? Effect.fail(new Conflict({ message: `Cannot record upload: videoId ${record.videoId} is already recorded` }))
          : Ref.set(table, HashMap.set(rows, record.videoId, record)))),
    find: (videoId) => Effect.map(Ref.get(table), HashMap.get(videoId)),
    // Memory transactions already run one at a time.
    findForUpdate: (videoId) => Effect.map(Ref.get(table), HashMap.get(videoId)),
    claim: (videoId, userId) =>
      store.write(Ref.update(table, (rows) =>
        HashMap.modify(rows, videoId, (r) => Option.isNone(r.owner) ? { ...r, owner: Option.some(userId) } : r)))
  })
})

/** Upload records in memory. */
export const layer = Layer.effect(UploadRepository, make)
