import { DateTime, Duration, Effect, Layer, Option } from "effect"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { LocalMediaRecords } from "../adapters/local_media/media_records.ts"
import { PLACEHOLDER_COVER_PNG, simulatedEvents } from "../adapters/local_media/simulated_events.ts"
import { unavailableIn } from "../core/domain/errors.ts"
import { MediaCloud } from "../core/ports/media_cloud.ts"
import { receiveVodEvent } from "../core/use_cases/videos/receive_vod_event.ts"
import { createHash } from "node:crypto"

/** Settings of the local autoprocess. */
export interface AutoprocessOptions {
  readonly publicUrl: string
  /** Where the placeholder cover is written (QU_DATA_DIR/assets, served at /assets/); none in tests. */
  readonly assetsDir: string | undefined
  /** How long after a job is submitted its events arrive. */
  readonly delay: Duration.Duration
}

/**
 * With the local emulator, answers every submitted job with the events Alibaba Cloud would send, through the same
 * pipeline as real callbacks (receiveVodEvent), about `delay` later. Jobs for files not uploaded yet wait. The jobs
 * owed are the emulator's records, so those accepted before a restart are answered after it.
 */
export const localAutoprocess = (options: AutoprocessOptions) =>
  Layer.scopedDiscard(Effect.gen(function*() {
    const records = yield* LocalMediaRecords
    const cloud = yield* MediaCloud
    if (options.assetsDir !== undefined) {
      const dir = join(options.assetsDir, "local")
      yield* Effect.promise(() => mkdir(dir, { recursive: true }).then(() => writeFile(join(dir, "cover.png"), PLACEHOLDER_COVER_PNG)))
    }
    const coverUrl = `${options.publicUrl}/assets/local/cover.png`
    const step = Effect.gen(function*() {
      const now = yield* DateTime.now
      for (const job of yield* records.pendingJobs) {
        if (DateTime.distance(job.submittedAt, now) < Duration.toMillis(options.delay)) continue
        const info = yield* Effect.either(cloud.getPlayInfo(job.videoId))
        if (info._tag === "Left") {
          // Not uploaded yet: try again on the next tick; unknown (deleted) videos are dropped.
          if (info.left._tag === "NotFound") yield* records.finishJob(job.jobId)
          continue
        }
        const play = info.right.playInfos[0]
        const media = { fileUrl: play?.playUrl ?? "", format: play?.format ?? "mp4", coverUrl }
        // Events are idempotent (keyed by their digest): a job whose events met an unavailable database is tried again.
        let stored = true
        for (const body of simulatedEvents(job, media, now)) {
          const key = createHash("sha256").update(JSON.stringify(body)).digest("hex")
          yield* receiveVodEvent({ key, body }).pipe(Effect.catchAllCause((c) => {
            if (Option.isSome(unavailableIn(c))) stored = false
            return Effect.logWarning("local event not stored", c)
          }))
        }
        if (stored) yield* records.finishJob(job.jobId)
      }
    })
    yield* Effect.logInfo("media: local autoprocess on (simulated snapshot, transcode and audit events)")
    const guarded = Effect.catchAllCause(step, (cause) => Effect.logWarning("local autoprocess step failed", cause))
    yield* Effect.forkScoped(Effect.forever(Effect.zipRight(guarded, Effect.sleep(Duration.millis(250)))))
  }))
