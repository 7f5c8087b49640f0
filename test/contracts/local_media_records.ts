import { expect, layer } from "@effect/vitest"
import { DateTime, Effect, type Layer, Option } from "effect"
import { randomBytes } from "node:crypto"
import {
  type LocalJobKind,
  LocalMediaRecords,
  type LocalVideo,
  type UploadGrant
} from "../../adapters/local_media/media_records.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { at } from "./_fixtures.ts"

const hex = () => randomBytes(16).toString("hex")
const T0 = at("2030-05-01T00:00:00.000Z")
const plus = (seconds: number) => DateTime.add(T0, { seconds })

const newVideo = (): LocalVideo => {
  const videoId = hex() as VideoId
  return { videoId, title: "A clip", key: `sv/${videoId}/clip.mp4`, coverUrl: "", uploadedAt: Option.none() }
}

const grantFor = (key: string, expiresAt: DateTime.Utc): UploadGrant => ({
  key,
  expiresAt,
  accessKeyId: `LOCAL.${hex()}`,
  accessKeySecret: hex()
})

const addVideo = Effect.gen(function*() {
  const video = newVideo()
  yield* (yield* LocalMediaRecords).addVideo(video)
  return video
})

const addJob = (videoId: VideoId, kind: LocalJobKind, seconds: number) =>
  Effect.gen(function*() {
    const jobId = hex()
    yield* (yield* LocalMediaRecords).addJob({ jobId, videoId, kind, submittedAt: plus(seconds) })
    return jobId
  })

/** Jobs of one video still owed, as [jobId, kind, first]. */
const pendingOf = (videoId: VideoId) =>
  Effect.map(
    Effect.flatMap(LocalMediaRecords, (records) => records.pendingJobs),
    (jobs) => jobs.filter((job) => job.videoId === videoId).map((job) => [job.jobId, job.kind, job.first])
  )

/** What every LocalMediaRecords must do: the local media emulator's memory, kept across restarts by the SQL one. */
export const localMediaRecordsContract = <E>(name: string, database: Layer.Layer<LocalMediaRecords, E>) =>
  layer(database, { excludeTestServices: true })(name, (it) => {
    it.effect("a video is found by id and its key is open; markUploaded records when the file was last finished", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const video = yield* addVideo
        expect(yield* records.findVideo(video.videoId)).toEqual(Option.some(video))
        expect(yield* records.keyState(video.key)).toBe("open")
        expect(yield* records.keyState(`${video.key}.other`)).toBe("unknown")
        expect(yield* records.markUploaded(video.key, plus(5))).toBe(true)
        expect(yield* records.markUploaded(video.key, plus(7))).toBe(true)
        expect(yield* records.findVideo(video.videoId)).toEqual(Option.some({ ...video, uploadedAt: Option.some(plus(7)) }))
        expect(yield* records.markUploaded("sv/nobody/clip.mp4", plus(5))).toBe(false)
        expect(yield* records.findVideo(hex() as VideoId)).toEqual(Option.none())
      }))

    it.effect("a video's first job seals its key, and the jobs carry when its file was written", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const video = yield* addVideo
        yield* records.markUploaded(video.key, plus(3))
        const jobId = yield* addJob(video.videoId, "snapshot", 4)
        expect(yield* records.keyState(video.key)).toBe("sealed")
        const [pending] = (yield* records.pendingJobs).filter((job) => job.jobId === jobId)
        expect(pending).toEqual({ jobId, videoId: video.videoId, kind: "snapshot", submittedAt: plus(4), first: true, uploadedAt: Option.some(plus(3)) })
      }))

    it.effect("an image's key is open and can be marked uploaded", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const key = `image/cover/${hex()}.png`
        expect(yield* records.keyState(key)).toBe("unknown")
        yield* records.addImage({ imageId: hex(), key })
        expect(yield* records.keyState(key)).toBe("open")
        expect(yield* records.markUploaded(key, T0)).toBe(true)
      }))

    it.effect("grants are found by token hash; adding one drops those expired by then", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const video = yield* addVideo
        const old = grantFor(video.key, plus(10))
        const fresh = grantFor(video.key, plus(3000))
        const [oldHash, freshHash] = [hex(), hex()]
        yield* records.addGrant(oldHash, old, T0)
        expect(yield* records.findGrant(oldHash)).toEqual(Option.some(old))
        yield* records.addGrant(freshHash, fresh, plus(11))
        expect(yield* records.findGrant(oldHash)).toEqual(Option.none())
        expect(yield* records.findGrant(freshHash)).toEqual(Option.some(fresh))
        expect(yield* records.findGrant(hex())).toEqual(Option.none())
      }))

    it.effect("jobs are owed oldest first; the first answered one ends `first` for its video", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const video = yield* addVideo
        const snapshot = yield* addJob(video.videoId, "snapshot", 1)
        const audit = yield* addJob(video.videoId, "audit", 2)
        expect(yield* pendingOf(video.videoId)).toEqual([[snapshot, "snapshot", true], [audit, "audit", true]])
        yield* records.finishJob(snapshot)
        expect(yield* pendingOf(video.videoId)).toEqual([[audit, "audit", false]])
        yield* records.finishJob(audit)
        yield* records.finishJob(audit)
        yield* records.finishJob(hex())
        expect(yield* pendingOf(video.videoId)).toEqual([])
      }))

    it.effect("a job of an unknown video is not recorded", () =>
      Effect.gen(function*() {
        const ghost = hex() as VideoId
        yield* addJob(ghost, "transcode", 1)
        expect(yield* pendingOf(ghost)).toEqual([])
      }))

    it.effect("multipart uploads keep their parts (a re-sent part replaces the first) until ended", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const uploadId = hex().toUpperCase()
        expect(yield* records.putPart(uploadId, 1, { etag: "A", size: 1 })).toBe(false)
        yield* records.startMultipart(uploadId, "sv/x/clip.mp4", T0)
        expect(yield* records.putPart(uploadId, 2, { etag: "B", size: 5 * 1024 ** 3 })).toBe(true)
        expect(yield* records.putPart(uploadId, 1, { etag: "A", size: 1 })).toBe(true)
        expect(yield* records.putPart(uploadId, 1, { etag: "C", size: 3 })).toBe(true)
        const found = yield* records.findMultipart(uploadId)
        expect(Option.map(found, (u) => ({ key: u.key, parts: [...u.parts.entries()].sort(([a], [b]) => a - b) })))
          .toEqual(Option.some({
            key: "sv/x/clip.mp4",
            parts: [[1, { etag: "C", size: 3 }], [2, { etag: "B", size: 5 * 1024 ** 3 }]]
          }))
        yield* records.endMultipart(uploadId)
        expect(yield* records.findMultipart(uploadId)).toEqual(Option.none())
        expect(yield* records.putPart(uploadId, 3, { etag: "D", size: 1 })).toBe(false)
      }))

    it.effect("removeVideos takes the videos with their grants, jobs and uploads, and reports what existed", () =>
      Effect.gen(function*() {
        const records = yield* LocalMediaRecords
        const [gone, kept] = [yield* addVideo, yield* addVideo]
        const [goneToken, keptToken] = [hex(), hex()]
        yield* records.addGrant(goneToken, grantFor(gone.key, plus(3000)), T0)
        yield* records.addGrant(keptToken, grantFor(kept.key, plus(3000)), T0)
        yield* addJob(gone.videoId, "audit", 1)
        const keptJob = yield* addJob(kept.videoId, "audit", 1)
        const uploadId = hex()
        yield* records.startMultipart(uploadId, gone.key, T0)
        yield* records.putPart(uploadId, 1, { etag: "A", size: 1 })
        yield* records.putPart(uploadId, 2, { etag: "B", size: 1 })

        const removed = yield* records.removeVideos([gone.videoId, gone.videoId, hex() as VideoId])
        expect(removed.videos).toEqual([gone])
        expect(removed.uploads.map((u) => ({ ...u, partNumbers: [...u.partNumbers].sort() })))
          .toEqual([{ uploadId, partNumbers: [1, 2] }])

        expect(yield* records.findVideo(gone.videoId)).toEqual(Option.none())
        expect(yield* records.keyState(gone.key)).toBe("unknown")
        expect(yield* records.markUploaded(gone.key, T0)).toBe(false)
        expect(yield* records.findGrant(goneToken)).toEqual(Option.none())
        expect(yield* records.findMultipart(uploadId)).toEqual(Option.none())
        expect(yield* pendingOf(gone.videoId)).toEqual([])
        expect(Option.isSome(yield* records.findVideo(kept.videoId))).toBe(true)
        expect(Option.isSome(yield* records.findGrant(keptToken))).toBe(true)
        expect(yield* pendingOf(kept.videoId)).toEqual([[keptJob, "audit", true]])
        expect(yield* records.removeVideos([])).toEqual({ videos: [], uploads: [] })
      }))
  })
