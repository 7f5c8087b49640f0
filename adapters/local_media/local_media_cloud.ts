import { Context, DateTime, Effect, HashMap, Layer, Option, Redacted, Ref } from "effect"
import { Forbidden, NotFound } from "../../core/domain/errors.ts"
import { VideoId } from "../../core/domain/media.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import * as F from "./formats.ts"
import * as LocalCredentialIssuer from "./local_credential_issuer.ts"
import { emptyState, issueGrant, type LocalJob, type LocalJobKind, makeUploadGate } from "./local_media_state.ts"
import { LocalObjectRoutes, routesLayer } from "./local_object_routes.ts"
import * as MemoryObjectStore from "./memory_object_store.ts"
import { makeObjectRequestHandler, type ObjectRequestHandler } from "./object_routes.ts"
import type { ObjectStore } from "./object_store.ts"

/** How the emulator is reached and where it keeps files. */
export interface LocalMediaOptions {
  /** The server's public base URL, e.g. `http://localhost:8080` (no trailing slash): clients upload and play there. */
  readonly publicUrl: string
  readonly store: ObjectStore
  /** Lifetime of upload credentials; 3000 s as on VOD. */
  readonly uploadTtlSeconds?: number
  /** Lifetime of CredentialIssuer credentials; 3600 s as STS's default. */
  readonly stsTtlSeconds?: number
  /** Largest accepted upload; 2 GiB. */
  readonly maxUploadBytes?: number
}

/** One emulator: the two ports it implements and the HTTP handler that receives uploads and serves files. */
export interface LocalMedia {
  readonly mediaCloud: MediaCloud["Type"]
  readonly credentialIssuer: CredentialIssuer["Type"]
  readonly objectRoutes: ObjectRequestHandler
  /** Jobs submitted so far, oldest first: the hook for simulating their completion events. */
  readonly submittedJobs: Effect.Effect<ReadonlyArray<LocalJob>>
}

// GetVideoPlayAuth's maximum AuthInfoTimeout, which the VOD adapter asks for too.
const PLAY_AUTH_TTL_SECONDS = 3000
const NOT_UPLOADED = "Cannot play video: it is not uploaded yet (status Uploading)"

/** A fresh emulator with no videos; logs a warning naming itself, so nobody mistakes it for the cloud. */
export const make = (options: LocalMediaOptions): Effect.Effect<LocalMedia> =>
  Effect.gen(function*() {
    const { publicUrl, store } = options
    const uploadTtl = options.uploadTtlSeconds ?? 3000
    const state = yield* Ref.make(emptyState)
    yield* Effect.logWarning(
      `media: LOCAL EMULATOR — no Alibaba Cloud account is used; uploads are stored in ${store.location}`
    )

    const uploadAuth = (key: string) =>
      Effect.map(issueGrant(state, key, uploadTtl), ({ credentials, expiresAt }) =>
        Redacted.make(F.encodeUploadAuth(credentials, uploadTtl, expiresAt)))
    const video = (videoId: VideoId) =>
      Effect.flatMap(Ref.get(state), (s) =>
        Option.match(HashMap.get(s.videos, videoId), {
          onNone: () => Effect.fail(new NotFound({ resource: "video", id: videoId })),
          onSome: Effect.succeed
        }))
    const playable = (videoId: VideoId) =>
      Effect.filterOrFail(video(videoId), (v) => v.uploaded, () => new Forbidden({ message: NOT_UPLOADED }))
    const submit = (kind: LocalJobKind, span: string) =>
      Effect.fn(span)(function*(videoId: VideoId) {
        yield* video(videoId)
        const job: LocalJob = { jobId: F.randomHex(), videoId, kind, submittedAt: yield* DateTime.now }
        yield* Ref.update(state, (s) => ({ ...s, jobs: [...s.jobs, job] }))
        return { jobId: job.jobId }
      })

    const mediaCloud = MediaCloud.of({
      createUploadVideo: Effect.fn("LocalMediaCloud.createUploadVideo")(function*(request) {
        const videoId = VideoId.make(F.randomHex())
        const key = `sv/${videoId}/${F.safeFileName(request.fileName)}`
        const coverUrl = Option.getOrElse(request.coverUrl, () => "")
        yield* Ref.update(state, (s) => ({
          ...s,
          videos: HashMap.set(s.videos, videoId, { videoId, title: request.title, key, coverUrl, uploaded: false })
        }))
        return { videoId, uploadAddress: F.encodeUploadAddress(publicUrl, key), uploadAuth: yield* uploadAuth(key) }
      }),
      refreshUploadVideo: Effect.fn("LocalMediaCloud.refreshUploadVideo")(function*(videoId) {
        const { key } = yield* video(videoId)
        return { videoId, uploadAddress: F.encodeUploadAddress(publicUrl, key), uploadAuth: yield* uploadAuth(key) }
      }),
      createUploadImage: Effect.fn("LocalMediaCloud.createUploadImage")(function*(request) {
        const imageId = F.randomHex()
        const key = `image/${request.imageType}/${imageId}.${request.imageExt}`
        yield* Ref.update(state, (s) => ({ ...s, images: HashMap.set(s.images, imageId, { imageId, key }) }))
        return {
          imageId,
          imageUrl: F.objectUrl(publicUrl, key),
          uploadAddress: F.encodeUploadAddress(publicUrl, key),
          uploadAuth: yield* uploadAuth(key)
        }
      }),
      getPlayAuth: Effect.fn("LocalMediaCloud.getPlayAuth")(function*(videoId) {
        const v = yield* playable(videoId)
        const expiresAt = DateTime.add(yield* DateTime.now, { seconds: PLAY_AUTH_TTL_SECONDS })
        const playAuth = Redacted.make(F.encodePlayAuth(videoId, expiresAt))
        return { videoId, playAuth, coverUrl: v.coverUrl, duration: 0, title: v.title, status: "Normal" }
      }),
      getPlayInfo: Effect.fn("LocalMediaCloud.getPlayInfo")(function*(videoId) {
        const v = yield* playable(videoId)
        const playInfos = [{ playUrl: F.objectUrl(publicUrl, v.key), definition: "OD", format: F.extensionOf(v.key) }]
        return { videoId, title: v.title, coverUrl: v.coverUrl, duration: 0, status: "Normal", playInfos }
      }),
      deleteVideos: Effect.fn("LocalMediaCloud.deleteVideos")(function*(videoIds) {
        const wanted = Array.from(new Set(videoIds))
        const removed = yield* Ref.modify(state, (s) => {
          const found = wanted.flatMap((id) => Option.toArray(HashMap.get(s.videos, id)))
          const keys = new Set(found.map((v) => v.key))
          return [found, {
            ...s,
            videos: HashMap.removeMany(s.videos, found.map((v) => v.videoId)),
            grants: HashMap.filter(s.grants, (grant) => !keys.has(grant.key))
          }]
        })
        yield* Effect.forEach(removed, (v) => Effect.orDie(store.delete(v.key)), { discard: true })
        const gone = new Set<VideoId>(removed.map((v) => v.videoId))
        return { nonExistent: wanted.filter((id) => !gone.has(id)), forbidden: [] }
      }),
      submitSnapshotJob: submit("snapshot", "LocalMediaCloud.submitSnapshotJob"),
      submitAuditJob: submit("audit", "LocalMediaCloud.submitAuditJob"),
      submitTranscodeJobs: submit("transcode", "LocalMediaCloud.submitTranscodeJobs")
    })

    const objectRoutes = makeObjectRequestHandler({
      store,
      gate: makeUploadGate(state),
      maxUploadBytes: options.maxUploadBytes ?? 2 * 1024 ** 3
    })
    const credentialIssuer = LocalCredentialIssuer.make(options.stsTtlSeconds ?? 3600)
    return { mediaCloud, credentialIssuer, objectRoutes, submittedJobs: Effect.map(Ref.get(state), (s) => s.jobs) }
  })

/** MediaCloud and CredentialIssuer on one emulator, with its object routes as LocalObjectRoutes. */
export const layer = (
  options: LocalMediaOptions
): Layer.Layer<MediaCloud | CredentialIssuer | LocalObjectRoutes | LocalJobFeed> =>
  Layer.effectContext(Effect.map(make(options), (media) =>
    Context.make(MediaCloud, media.mediaCloud).pipe(
      Context.add(CredentialIssuer, media.credentialIssuer),
      Context.add(LocalObjectRoutes, LocalObjectRoutes.of({ handleObjectRequest: media.objectRoutes })),
      Context.add(LocalJobFeed, LocalJobFeed.of({ submittedJobs: media.submittedJobs }))
    )))

/** The jobs an emulator accepted, so the local autoprocess can answer them with simulated events. */
export class LocalJobFeed extends Context.Tag("adapters/local_media/LocalJobFeed")<LocalJobFeed, {
  readonly submittedJobs: Effect.Effect<ReadonlyArray<LocalJob>>
}>() {}

/** An emulator on an in-memory store. */
export const layerTest = (publicUrl = "http://localhost:8080") =>
  Layer.unwrapEffect(Effect.map(MemoryObjectStore.make, (store) => layer({ publicUrl, store })))

/**
 * The emulator as a root's two leaves: the media ports and the routes. Both hold the same layer value, which a
 * single build memoizes, so uploads land in the emulator the ports read.
 */
export const leaves = (options: LocalMediaOptions) => {
  const media = layer(options)
  return { media, routes: Layer.provide(routesLayer, media) }
}
