import { DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import {
  type KeyState,
  type LocalImage,
  type LocalJob,
  LocalMediaRecords,
  type LocalVideo,
  type MultipartUpload,
  type RemovedVideos,
  type UploadGrant
} from "../local_media/media_records.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { MemoryStore } from "./store.ts"

interface Tables {
  readonly videos: HashMap.HashMap<VideoId, LocalVideo & { readonly announced: boolean; readonly sealed: boolean }>
  readonly images: HashMap.HashMap<string, LocalImage>
  readonly grants: HashMap.HashMap<string, UploadGrant>
  /** In submission order. */
  readonly jobs: ReadonlyArray<LocalJob>
  readonly uploads: HashMap.HashMap<string, MultipartUpload>
}

const plain = ({ announced: _, sealed: __, ...video }: Tables["videos"] extends HashMap.HashMap<VideoId, infer V> ? V : never): LocalVideo =>
  video

const empty: Tables = {
  videos: HashMap.empty(),
  images: HashMap.empty(),
  grants: HashMap.empty(),
  jobs: [],
  uploads: HashMap.empty()
}

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<Tables>("local_media", empty)
  const read = <A>(f: (t: Tables) => A) => Effect.map(Ref.get(table), f)
  const update = (f: (t: Tables) => Tables) => store.write(Ref.update(table, f))
  const modify = <A>(f: (t: Tables) => readonly [A, Tables]) => store.write(Ref.modify(table, (t) => f(t) as [A, Tables]))
  const videoWithKey = (t: Tables, key: string) => HashMap.findFirst(t.videos, (v) => v.key === key)

  return LocalMediaRecords.of({
    addVideo: (video) =>
      update((t) => ({ ...t, videos: HashMap.set(t.videos, video.videoId, { ...video, announced: false, sealed: false }) })),
    findVideo: (videoId) => read((t) => Option.map(HashMap.get(t.videos, videoId), plain)),
    addImage: (image) => update((t) => ({ ...t, images: HashMap.set(t.images, image.imageId, image) })),
    keyState: (key) =>
      read((t): KeyState =>
        Option.match(videoWithKey(t, key), {
          onSome: ([, video]) => video.sealed ? "sealed" : "open",
          onNone: () => HashMap.some(t.images, (image) => image.key === key) ? "open" : "unknown"
        })
      ),
    markUploaded: (key, at) =>
      modify((t) => {
        const video = videoWithKey(t, key)
        if (Option.isSome(video)) {
          const [videoId, found] = video.value
          return [true, { ...t, videos: HashMap.set(t.videos, videoId, { ...found, uploadedAt: Option.some(at) }) }]
        }
        return [HashMap.some(t.images, (image) => image.key === key), t]
      }),
    removeVideos: (videoIds) =>
      modify((t): readonly [RemovedVideos, Tables] => {
        const found = Array.from(new Set(videoIds)).flatMap((id) => Option.toArray(HashMap.get(t.videos, id)))
        const ids = new Set<string>(found.map((v) => v.videoId))
        const keys = new Set(found.map((v) => v.key))
        const uploads = HashMap.filter(t.uploads, (upload) => keys.has(upload.key))
        return [
          {
            videos: found.map(plain),
            uploads: Array.from(uploads, ([uploadId, upload]) => ({ uploadId, partNumbers: [...upload.parts.keys()] }))
          },
          {
            ...t,
            videos: HashMap.removeMany(t.videos, found.map((v) => v.videoId)),
            grants: HashMap.filter(t.grants, (grant) => !keys.has(grant.key)),
            jobs: t.jobs.filter((job) => !ids.has(job.videoId)),
            uploads: HashMap.filter(t.uploads, (upload) => !keys.has(upload.key))
          }
        ]
      }),
    addGrant: (tokenHash, grant, now) =>
      update((t) => ({
        ...t,
        grants: HashMap.set(HashMap.filter(t.grants, (g) => DateTime.lessThan(now, g.expiresAt)), tokenHash, grant)
      })),
    findGrant: (tokenHash) => read((t) => HashMap.get(t.grants, tokenHash)),
    addJob: (job) =>
      update((t) =>
        HashMap.has(t.videos, job.videoId)
          ? { ...t, jobs: [...t.jobs, job], videos: HashMap.modify(t.videos, job.videoId, (v) => ({ ...v, sealed: true })) }
          : t
      ),
    pendingJobs: read((t) =>
      t.jobs.flatMap((job) =>
        Option.toArray(Option.map(HashMap.get(t.videos, job.videoId), (v) => ({
          ...job,
          first: !v.announced,
          uploadedAt: v.uploadedAt
        })))
      )
    ),
    finishJob: (jobId) =>
      update((t) => {
        const job = t.jobs.find((j) => j.jobId === jobId)
        if (job === undefined) return t
        return {
          ...t,
          jobs: t.jobs.filter((j) => j.jobId !== jobId),
          videos: HashMap.modify(t.videos, job.videoId, (v) => ({ ...v, announced: true }))
        }
      }),
    startMultipart: (uploadId, key) => update((t) => ({ ...t, uploads: HashMap.set(t.uploads, uploadId, { key, parts: new Map() }) })),
    findMultipart: (uploadId) => read((t) => HashMap.get(t.uploads, uploadId)),
    putPart: (uploadId, partNumber, part) =>
      modify((t) =>
        Option.match(HashMap.get(t.uploads, uploadId), {
          onNone: () => [false, t] as const,
          onSome: (upload) =>
            [true, {
              ...t,
              uploads: HashMap.set(t.uploads, uploadId, { ...upload, parts: new Map(upload.parts).set(partNumber, part) })
            }] as const
        })
      ),
    endMultipart: (uploadId) => update((t) => ({ ...t, uploads: HashMap.remove(t.uploads, uploadId) }))
  })
})

/** The emulator's records in the in-memory database (MemoryStore). */
export const layer = Layer.effect(LocalMediaRecords, make)
