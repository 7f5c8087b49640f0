import { DateTime, Effect } from "effect"
import { JobRepository } from "../../ports/job_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UploadPolicy } from "../../ports/upload_policy.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"

/** At most this many uploads expire per call; the caller runs it again while some did. */
const BATCH = 100

/**
 * Expires unpublished uploads older than the policy's `pendingTtl`: their records go (a later publish is "404") and
 * a delete job each is queued in the same transaction, so the worker removes their media (files, with the local
 * emulator) with its retries. Yields how many expired; nothing without a pending policy.
 */
export const expireUploads = Effect.fn("expireUploads")(function*() {
  const { pending } = yield* UploadPolicy
  if (pending === undefined) return 0
  const uploads = yield* UploadRepository
  const jobs = yield* JobRepository
  const now = yield* DateTime.now
  const before = DateTime.subtractDuration(now, pending.ttl)
  return yield* (yield* Transactor).withTransaction(Effect.gen(function*() {
    const expired = yield* uploads.takeExpired(before, BATCH)
    yield* jobs.enqueue(expired.map((videoId) => ({ kind: "delete" as const, videoId })), now)
    return expired.length
  }))
})
