import { Context, DateTime, Effect, Encoding, Layer, Option, Redacted, Ref } from "effect"
import { Forbidden, NotFound } from "../../core/domain/errors.ts"
import { VideoId } from "../../core/domain/media.ts"
import { formatIsoSeconds } from "../../core/domain/time.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"

/** A media-cloud callback as the core's `receiveVodEvent` takes it: a dedupe key and the parsed JSON body. */
export interface MemoryMediaEvent {
  readonly key: string
  readonly body: Readonly<Record<string, unknown>>
}

/** What {@link MemoryMediaControl.upload} pretends the file was. */
export interface SimulatedUpload {
  /** Seconds of video, reported by the analysis event; 0 when not given. */
  readonly durationSeconds?: number | undefined
}

/**
 * The test side of the in-memory media cloud: what a client and VOD would do outside the server. Nothing is uploaded
 * until `upload` is called, so play calls before it are Forbidden as on VOD while the video is still "Uploading".
 */
export class MemoryMediaControl extends Context.Tag("adapters/memory/MemoryMediaControl")<MemoryMediaControl, {
  /**
   * Marks the file of an issued video as uploaded and returns the callbacks VOD would then send, in event-time order:
   * FileUploadComplete, VideoAnalysisComplete, StreamTranscodeComplete and SnapshotComplete. NotFound for an id this
   * cloud never issued (or deleted).
   */
  readonly upload: (videoId: VideoId, simulated?: SimulatedUpload) => Effect.Effect<ReadonlyArray<MemoryMediaEvent>, NotFound>
  /**
   * The callbacks of every job submitted since the last call (snapshot, audit passing, transcode), oldest first, and
   * forgets those jobs. A job of a video not uploaded yet waits for its upload.
   */
  readonly finishJobs: Effect.Effect<ReadonlyArray<MemoryMediaEvent>>
  /** The ids this cloud knows, uploaded or not. */
  readonly videoIds: Effect.Effect<ReadonlyArray<VideoId>>
}>() {}

/** The in-memory cloud: its two ports and the control that simulates uploads and finished jobs. */
export interface MemoryMedia {
  readonly mediaCloud: MediaCloud["Type"]
  readonly credentialIssuer: CredentialIssuer["Type"]
  readonly control: MemoryMediaControl["Type"]
}

/** Where the simulated cloud says files live; never contacted. */
export const MEMORY_MEDIA_ORIGIN = "https://media.memory.invalid"

interface StoredVideo {
  readonly title: string
  readonly fileName: string
  readonly coverUrl: string
  readonly uploaded: Option.Option<{ readonly at: DateTime.Utc; readonly durationSeconds: number }>
}

interface PendingJob {
  readonly jobId: string
  readonly videoId: VideoId
  readonly kind: "snapshot" | "audit" | "transcode"
}

interface State {
  readonly videos: ReadonlyMap<VideoId, StoredVideo>
  readonly jobs: ReadonlyArray<PendingJob>
  readonly sequence: number
}

const UPLOAD_TTL_SECONDS = 3000
const PLAY_AUTH_TTL_SECONDS = 3000
const NOT_UPLOADED = "Cannot play video: it is not uploaded yet (status Uploading)"

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n))
/** `n` random bytes as lowercase hex: 16 give a VOD-shaped 32-character id. */
const randomHex = (n = 16) => Encoding.encodeHex(randomBytes(n))
const randomSecret = (n: number) => Encoding.encodeBase64Url(randomBytes(n))
const base64Json = (value: unknown) => Encoding.encodeBase64(JSON.stringify(value))
const safeName = (fileName: string) => (fileName.split(/[/\\]/).pop() ?? "").replace(/[^A-Za-z0-9_.-]/g, "_") || "video"
const fileUrlOf = (videoId: VideoId, video: StoredVideo) => `${MEMORY_MEDIA_ORIGIN}/sv/${videoId}/${safeName(video.fileName)}`
const coverUrlOf = (videoId: VideoId) => `${MEMORY_MEDIA_ORIGIN}/snapshot/${videoId}/cover.jpg`

const stsLike = (ttlSeconds: number) =>
  Effect.map(DateTime.now, (now) => ({
    accessKeyId: `MEMORY.${randomSecret(15)}`,
    accessKeySecret: randomSecret(30),
    securityToken: randomSecret(48),
    expiresAt: DateTime.add(now, { seconds: ttlSeconds })
  }))

const uploadAuth = Effect.map(stsLike(UPLOAD_TTL_SECONDS), (c) =>
  Redacted.make(base64Json({
    SecurityToken: c.securityToken,
    AccessKeyId: c.accessKeyId,
    AccessKeySecret: c.accessKeySecret,
    Expiration: String(UPLOAD_TTL_SECONDS),
    ExpireUTCTime: formatIsoSeconds(c.expiresAt),
    Region: "memory"
  })))

const uploadAddress = (key: string) => base64Json({ Endpoint: MEMORY_MEDIA_ORIGIN, Bucket: "memory", FileName: key })

/**
 * A fresh in-memory media cloud that speaks VOD's shapes and uses only `effect` and Web APIs (crypto.getRandomValues),
 * so it runs on Node, Deno, Bun and in browsers. Uploads and job results are simulated through the returned control.
 */
export const make: Effect.Effect<MemoryMedia> = Effect.gen(function*() {
  const state = yield* Ref.make<State>({ videos: new Map(), jobs: [], sequence: 0 })

  const find = (videoId: VideoId) =>
    Effect.flatMap(Ref.get(state), (s) =>
      Option.match(Option.fromNullable(s.videos.get(videoId)), {
        onNone: () => Effect.fail(new NotFound({ resource: "video", id: videoId })),
        onSome: Effect.succeed
      }))
  const playable = (videoId: VideoId) =>
    Effect.flatMap(find(videoId), (video) =>
      Option.match(video.uploaded, {
        onNone: () => Effect.fail(new Forbidden({ message: NOT_UPLOADED })),
        onSome: (uploaded) => Effect.succeed({ video, uploaded })
      }))
  const setVideo = (videoId: VideoId, video: StoredVideo) =>
    Ref.update(state, (s) => ({ ...s, videos: new Map(s.videos).set(videoId, video) }))
  const submit = (kind: PendingJob["kind"], span: string) =>
    Effect.fn(span)(function*(videoId: VideoId) {
      yield* find(videoId)
      const jobId = randomHex()
      yield* Ref.update(state, (s) => ({ ...s, jobs: [...s.jobs, { jobId, videoId, kind }] }))
      return { jobId }
    })
  // Keys are unique per cloud (a sequence number), as VOD's bodies of distinct events differ.
  const events = (bodies: ReadonlyArray<Record<string, unknown>>) =>
    Ref.modify(state, (s): [ReadonlyArray<MemoryMediaEvent>, State] => [
      bodies.map((body, i) => ({ key: `memory-event-${s.sequence + i + 1}`, body })),
      { ...s, sequence: s.sequence + bodies.length }
    ])

  const mediaCloud = MediaCloud.of({
    createUploadVideo: Effect.fn("MemoryMediaCloud.createUploadVideo")(function*(request) {
      const videoId = VideoId.make(randomHex())
      const video: StoredVideo = {
        title: request.title,
        fileName: request.fileName,
        coverUrl: Option.getOrElse(request.coverUrl, () => ""),
        uploaded: Option.none()
      }
      yield* setVideo(videoId, video)
      return { videoId, uploadAddress: uploadAddress(`sv/${videoId}/${safeName(request.fileName)}`), uploadAuth: yield* uploadAuth }
    }),
    refreshUploadVideo: Effect.fn("MemoryMediaCloud.refreshUploadVideo")(function*(videoId) {
      const video = yield* find(videoId)
      return { videoId, uploadAddress: uploadAddress(`sv/${videoId}/${safeName(video.fileName)}`), uploadAuth: yield* uploadAuth }
    }),
    createUploadImage: Effect.fn("MemoryMediaCloud.createUploadImage")(function*(request) {
      const imageId = randomHex()
      const key = `image/${request.imageType}/${imageId}.${request.imageExt}`
      return { imageId, imageUrl: `${MEMORY_MEDIA_ORIGIN}/${key}`, uploadAddress: uploadAddress(key), uploadAuth: yield* uploadAuth }
    }),
    getPlayAuth: Effect.fn("MemoryMediaCloud.getPlayAuth")(function*(videoId) {
      const { uploaded, video } = yield* playable(videoId)
      const expireTime = formatIsoSeconds(DateTime.add(yield* DateTime.now, { seconds: PLAY_AUTH_TTL_SECONDS }))
      const playAuth = Redacted.make(base64Json({ memory: true, videoId, expireTime }))
      return { videoId, playAuth, coverUrl: video.coverUrl, duration: uploaded.durationSeconds, title: video.title, status: "Normal" }
    }),
    getPlayInfo: Effect.fn("MemoryMediaCloud.getPlayInfo")(function*(videoId) {
      const { uploaded, video } = yield* playable(videoId)
      const format = safeName(video.fileName).split(".").pop()?.toLowerCase() ?? ""
      return {
        videoId,
        title: video.title,
        coverUrl: video.coverUrl,
        duration: uploaded.durationSeconds,
        status: "Normal",
        playInfos: [{ playUrl: fileUrlOf(videoId, video), definition: "OD", format }]
      }
    }),
    deleteVideos: (videoIds) =>
      Ref.modify(state, (s) => {
        const wanted = Array.from(new Set(videoIds))
        const videos = new Map(s.videos)
        const nonExistent = wanted.filter((id) => !videos.delete(id))
        const jobs = s.jobs.filter((job) => videos.has(job.videoId))
        return [{ nonExistent, forbidden: [] }, { ...s, videos, jobs }]
      }).pipe(Effect.withSpan("MemoryMediaCloud.deleteVideos")),
    submitSnapshotJob: submit("snapshot", "MemoryMediaCloud.submitSnapshotJob"),
    submitAuditJob: submit("audit", "MemoryMediaCloud.submitAuditJob"),
    submitTranscodeJobs: submit("transcode", "MemoryMediaCloud.submitTranscodeJobs")
  })

  const credentialIssuer = CredentialIssuer.of({
    issue: Effect.map(stsLike(3600), (c) => ({
      accessKeyId: c.accessKeyId,
      accessKeySecret: Redacted.make(c.accessKeySecret),
      securityToken: Redacted.make(c.securityToken),
      expiration: c.expiresAt
    })).pipe(Effect.withSpan("MemoryCredentialIssuer.issue"))
  })

  const control = MemoryMediaControl.of({
    upload: Effect.fn("MemoryMediaControl.upload")(function*(videoId, simulated) {
      const video = yield* find(videoId)
      const now = yield* DateTime.now
      const durationSeconds = simulated?.durationSeconds ?? 0
      // The upload is dated a few seconds back and each later step a second after it, as VOD's pipeline runs.
      const at = (step: number) => formatIsoSeconds(DateTime.add(now, { seconds: step - 4 }))
      const uploadedAt = DateTime.add(now, { seconds: -4 })
      yield* setVideo(videoId, { ...video, uploaded: Option.some({ at: uploadedAt, durationSeconds }) })
      const fileUrl = fileUrlOf(videoId, video)
      const cover = coverUrlOf(videoId)
      return yield* events([
        { EventType: "FileUploadComplete", VideoId: videoId, EventTime: at(0), Status: "success", FileUrl: fileUrl },
        { EventType: "VideoAnalysisComplete", VideoId: videoId, EventTime: at(1), Status: "success", Duration: durationSeconds },
        {
          EventType: "StreamTranscodeComplete",
          VideoId: videoId,
          EventTime: at(2),
          Status: "success",
          Definition: "OD",
          Format: safeName(video.fileName).split(".").pop()?.toLowerCase() ?? "",
          FileUrl: fileUrl
        },
        {
          EventType: "SnapshotComplete",
          VideoId: videoId,
          EventTime: at(3),
          Status: "success",
          CoverUrl: cover,
          SnapshotInfos: [{ Status: "success", SnapshotType: "NormalSnapshot", SnapshotCount: 1, SnapshotRegular: cover }]
        }
      ])
    }),
    finishJobs: Effect.gen(function*() {
      const s = yield* Ref.get(state)
      const ready = s.jobs.filter((job) => Option.isSome(s.videos.get(job.videoId)?.uploaded ?? Option.none()))
      yield* Ref.update(state, (t) => ({ ...t, jobs: t.jobs.filter((job) => !ready.includes(job)) }))
      const eventTime = formatIsoSeconds(yield* DateTime.now)
      return yield* events(ready.map((job): Record<string, unknown> => {
        const video = s.videos.get(job.videoId)!
        switch (job.kind) {
          case "audit":
            return {
              EventType: "AIMediaAuditComplete",
              MediaId: job.videoId,
              JobId: job.jobId,
              EventTime: eventTime,
              Status: "success",
              Data: { Suggestion: "pass", AbnormalModules: "", Label: "normal" }
            }
          case "snapshot": {
            const cover = coverUrlOf(job.videoId)
            return {
              EventType: "SnapshotComplete",
              VideoId: job.videoId,
              EventTime: eventTime,
              Status: "success",
              CoverUrl: cover,
              SnapshotInfos: [{ Status: "success", SnapshotType: "NormalSnapshot", SnapshotCount: 1, SnapshotRegular: cover, JobId: job.jobId }]
            }
          }
          case "transcode":
            return {
              EventType: "StreamTranscodeComplete",
              VideoId: job.videoId,
              EventTime: eventTime,
              Status: "success",
              Definition: "OD",
              Format: safeName(video.fileName).split(".").pop()?.toLowerCase() ?? "",
              FileUrl: fileUrlOf(job.videoId, video)
            }
        }
      }))
    }).pipe(Effect.withSpan("MemoryMediaControl.finishJobs")),
    videoIds: Effect.map(Ref.get(state), (s) => Array.from(s.videos.keys()))
  })

  return { mediaCloud, credentialIssuer, control }
})

/** MediaCloud, CredentialIssuer and MemoryMediaControl over one fresh in-memory cloud. */
export const layer: Layer.Layer<MediaCloud | CredentialIssuer | MemoryMediaControl> = Layer.effectContext(
  Effect.map(make, (media) =>
    Context.make(MediaCloud, media.mediaCloud).pipe(
      Context.add(CredentialIssuer, media.credentialIssuer),
      Context.add(MemoryMediaControl, media.control)
    ))
)
