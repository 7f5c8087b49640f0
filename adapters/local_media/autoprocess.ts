import { DateTime, Duration, Effect, Layer, Option } from "effect"
import { createHash } from "node:crypto"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { unavailableIn } from "../../core/domain/errors.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { LocalMediaRecords } from "./media_records.ts"
import { PLACEHOLDER_COVER_PNG, simulatedEvents } from "./simulated_events.ts"

/** One simulated callback: its body (parsed JSON) and its dedupe key (a digest of the body). */
export interface SimulatedCallback {
  readonly key: string
  readonly body: unknown
}

/** Settings of the local autoprocess. */
export interface AutoprocessOptions<E, R> {
  readonly publicUrl: string
  /** Where the placeholder cover is written (QU_DATA_DIR/assets, served at /assets/); none in tests. */
  readonly assetsDir: string | undefined
  /** How long after a job is submitted its events arrive. */
  readonly delay: Duration.Duration
  /** Where the events go: the pipeline real callbacks take (composition passes `receiveVodEvent`). */
  readonly deliver: (callback: SimulatedCallback) => Effect.Effect<unknown, E, R>
}

/**
 * With the local emulator, answers every submitted job with the events Alibaba Cloud would send, handed to `deliver`
 * about `delay` later. Jobs for files not uploaded yet wait. The jobs owed are the emulator's records, so those
 * accepted before a restart are answered after it. A job whose events met an unavailable database is tried again
 * (events are idempotent, keyed by their digest).
 */
export const layer = <E, R>(options: AutoprocessOptions<E, R>) =>
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
        let stored = true
        for (const body of simulatedEvents(job, media, now)) {
          const key = createHash("sha256").update(JSON.stringify(body)).digest("hex")
          yield* options.deliver({ key, body }).pipe(Effect.catchAllCause((c) => {
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
