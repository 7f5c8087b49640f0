import { DateTime, Effect, Option } from "effect"
import { RateLimited } from "../../domain/errors.ts"
import { countRefusal } from "../../domain/metrics.ts"
import type { PendingUsage, UploadOwner } from "../../domain/media.ts"
import { type PendingLimits, UploadPolicy } from "../../ports/upload_policy.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"

const over = (usage: PendingUsage, adding: number, limits: PendingLimits) =>
  usage.uploads + 1 > limits.maxUploads || usage.bytes + adding > limits.maxBytes

/**
 * Refuses a new upload ("429") when its owner, or its address, already holds the most unpublished uploads or bytes
 * the policy allows (UploadPolicy.pending), counting those issued within the expiry window. Checked before the
 * cloud is asked, so a refused request costs nothing there. Concurrent requests may overshoot by their number.
 */
export const checkPendingQuota = Effect.fn("checkPendingQuota")(function*(
  owner: UploadOwner,
  clientAddress: string,
  fileSize: Option.Option<number>
) {
  const policy = yield* UploadPolicy
  const limits = policy.pending
  if (limits === undefined) return
  const since = DateTime.subtractDuration(yield* DateTime.now, limits.ttl)
  const usage = yield* (yield* UploadRepository).pendingUsage({
    owner,
    clientAddress,
    since,
    undeclaredBytes: policy.maxFileSize
  })
  const adding = Option.getOrElse(fileSize, () => policy.maxFileSize)
  const refusal = (whose: string, limit: PendingLimits) =>
    new RateLimited({
      message: `Too many unpublished uploads for ${whose}: at most ${limit.maxUploads} uploads or ${limit.maxBytes} bytes ` +
        "waiting to be published; publish them or wait for them to expire"
    })
  if (Option.isSome(owner) && over(usage.owner, adding, limits.perUser)) {
    yield* countRefusal("pending_uploads")
    return yield* refusal("this user", limits.perUser)
  }
  if (clientAddress !== "" && over(usage.address, adding, limits.perAddress)) {
    yield* countRefusal("pending_uploads")
    return yield* refusal("this address", limits.perAddress)
  }
})
