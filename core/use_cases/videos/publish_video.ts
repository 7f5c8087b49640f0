import { DateTime, Effect, Either, Option } from "effect"
import { alreadyPublished } from "../../domain/conflicts.ts"
import { Forbidden, NotFound } from "../../domain/errors.ts"
import { mayUseUpload, type VideoId } from "../../domain/media.ts"
import { checkCateName, checkDescription, checkTitle, checkUrl, parseTags } from "../../domain/upload_rules.ts"
import type { User } from "../../domain/user.ts"
import { applyEvent, initialMedia } from "../../domain/video_state.ts"
import { parseVodEvent } from "../../domain/vod_event.ts"
import { checkCount } from "../../domain/video_rules.ts"
import { JobRepository } from "../../ports/job_repository.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"
import { VideoRepository } from "../../ports/video_repository.ts"
import { VideoSettings } from "../../ports/video_settings.ts"
import { VodEventRepository } from "../../ports/vod_event_repository.ts"

/** Input of {@link publishVideo}, as the app sent it (optional fields absent). */
export interface PublishInput {
  readonly caller: User
  readonly videoId: VideoId
  readonly title: Option.Option<string>
  readonly description: Option.Option<string>
  readonly duration: Option.Option<number>
  readonly coverUrl: Option.Option<string>
  readonly size: Option.Option<number>
  readonly tags: Option.Option<string>
  readonly cateId: Option.Option<number>
  readonly cateName: Option.Option<string>
}

/**
 * Publishes an uploaded video: only a videoId this server issued, to the caller or anonymously (then the caller
 * claims it), and only once. Events that arrived before are applied now; snapshot and audit (or transcode, when
 * moderation is off) jobs are queued in the same transaction, for the worker to submit.
 */
export const publishVideo = Effect.fn("publishVideo")(function*(input: PublishInput) {
  const { moderation } = yield* VideoSettings
  const uploads = yield* UploadRepository
  const videos = yield* VideoRepository
  const events = yield* VodEventRepository
  const jobs = yield* JobRepository
  const transactor = yield* Transactor
  const description = yield* checkDescription(input.description)
  const tags = yield* parseTags(input.tags)
  const duration = yield* checkCount("duration", input.duration, 7 * 24 * 3600)
  const size = yield* checkCount("size", input.size, Number.MAX_SAFE_INTEGER)
  const cateId = yield* checkCount("cateId", input.cateId, 2 ** 31 - 1)
  const coverUrl = yield* checkUrl("coverUrl", input.coverUrl)
  const cateName = yield* checkCateName(input.cateName)
  const titleGiven = Option.filter(input.title, (t) => t.trim() !== "")
  if (Option.isSome(titleGiven)) yield* checkTitle(titleGiven.value)

  // The upload lock orders this publish with any event of the same video (see receiveVodEvent).
  return yield* transactor.withTransaction(Effect.gen(function*() {
    const upload = yield* uploads.findForUpdate(input.videoId)
    if (Option.isNone(upload)) return yield* new NotFound({ resource: "video", id: input.videoId })
    const caller = input.caller.userId
    if (!mayUseUpload(upload.value.owner, Option.some(caller))) {
      return yield* new Forbidden({ message: "Cannot publish video: videoId was issued to another user" })
    }
    if (Option.isSome(yield* videos.findByVideoId(input.videoId))) {
      return yield* alreadyPublished
    }
    if (Option.isNone(upload.value.owner)) yield* uploads.claim(input.videoId, caller)
    let media = initialMedia(moderation)
    const stored = yield* events.listByVideoId(input.videoId)
    for (const { body, key } of stored) {
      const event = parseVodEvent(body, key)
      if (Either.isRight(event)) media = applyEvent(media, event.right)
    }
    if (stored.length > 0) yield* events.setOutcome(stored.map((e) => e.key), "applied")
    const now = yield* DateTime.now
    const video = yield* videos.insert({
      videoId: input.videoId,
      ownerId: caller,
      metadata: {
        title: Option.getOrElse(titleGiven, () => upload.value.title),
        description: Option.getOrElse(description, () => ""),
        duration: Option.getOrElse(duration, () => 0),
        coverUrl: Option.getOrElse(coverUrl, () => ""),
        size: Option.getOrElse(size, () => 0),
        cateId: Option.getOrElse(cateId, () => 0),
        cateName: Option.getOrElse(cateName, () => ""),
        tags: tags.join(",")
      },
      media,
      createdAt: now
    })
    yield* uploads.markPublished(input.videoId, now)
    const third = moderation === "hold" ? "audit" : "transcode"
    yield* jobs.enqueue([{ kind: "snapshot", videoId: input.videoId }, { kind: third, videoId: input.videoId }], now)
    return video
  }))
})
