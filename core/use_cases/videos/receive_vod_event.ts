import { DateTime, Effect, Either, Option } from "effect"
import { ValidationError } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import { applyEvent, reopenModeration } from "../../domain/video_state.ts"
import { parseVodEvent, type VodEvent } from "../../domain/vod_event.ts"
import { JobRepository } from "../../ports/job_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"
import { VideoRepository } from "../../ports/video_repository.ts"
import { type EventOutcome, VodEventRepository } from "../../ports/vod_event_repository.ts"

/** A callback body (parsed JSON) and its dedupe key (a digest of the raw body). */
export interface ReceivedEvent {
  readonly key: string
  readonly body: unknown
}

const isUpload = (event: VodEvent) => event._tag === "Other" && event.eventType === "FileUploadComplete"

/** How far ahead of this server's clock an EventTime may be (clocks differ a little). */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

/**
 * Stores a media-cloud event and applies it to its video, in one transaction, so an acknowledged event is never
 * lost. A duplicate changes nothing; an event about a video not published yet is kept for its publish; unknown
 * event types are kept and acknowledged. What the event did is recorded with it (EventOutcome). A body that is not an event, or one dated more than 5 minutes ahead, is a
 * ValidationError.
 */
export const receiveVodEvent = Effect.fn("receiveVodEvent")(function*(received: ReceivedEvent) {
  const parsed = parseVodEvent(received.body, received.key)
  if (Either.isLeft(parsed)) return yield* new ValidationError({ parameter: "body", message: `Not a VOD event: ${parsed.left}` })
  const event = parsed.right
  const receivedAt = yield* DateTime.now
  // Events apply in EventTime order, so one dated far ahead would outrank every real event of its video for ever.
  // VOD's signature does not cover the body, so a replayed signature could carry such a date.
  if (event.at > DateTime.toEpochMillis(receivedAt) + MAX_CLOCK_SKEW_MS) {
    return yield* new ValidationError({ parameter: "EventTime", message: "EventTime is more than 5 minutes in the future" })
  }
  const events = yield* VodEventRepository
  const videos = yield* VideoRepository
  const uploads = yield* UploadRepository
  const transactor = yield* Transactor
  const jobs = yield* JobRepository
  return yield* transactor.withTransaction(Effect.gen(function*() {
    const fresh = yield* events.insert({
      key: received.key,
      videoId: event.videoId,
      eventType: event._tag === "Other" ? event.eventType : String((received.body as { EventType: unknown }).EventType),
      at: event.at,
      body: received.body,
      receivedAt
    })
    if (!fresh) return "duplicate" as const
    // Waits for a publish of this video in flight: otherwise that publish could read the events before this one is
    // committed, and this one look for the video before the publish is, and the event would never be applied.
    yield* uploads.findForUpdate(event.videoId as VideoId)
    const video = yield* videos.findForUpdate(event.videoId as VideoId)
    if (Option.isNone(video)) return "stored" as const
    const { createdAt, media, videoId } = video.value
    const outcome = (o: EventOutcome) => events.setOutcome([received.key], o)
    // A new file after publication (a re-upload with credentials still valid) is audited again before it shows.
    if (isUpload(event) && event.at > DateTime.toEpochMillis(createdAt) && event.at > media.censor.at) {
      yield* videos.updateMedia(videoId, reopenModeration(media, event.at, event.key))
      yield* jobs.enqueue([{ kind: "audit", videoId }], receivedAt)
      yield* outcome("reaudit")
      return "applied" as const
    }
    const next = applyEvent(media, event)
    yield* videos.updateMedia(videoId, next)
    yield* outcome(JSON.stringify(next) === JSON.stringify(media) ? "unchanged" : "applied")
    return "applied" as const
  }))
})
