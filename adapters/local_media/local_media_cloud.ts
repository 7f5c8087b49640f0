import { Context, DateTime, Effect, Layer, Option, Redacted } from "effect"
import { Forbidden, NotFound } from "../../core/domain/errors.ts"
import { VideoId } from "../../core/domain/media.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import * as F from "./formats.ts"
import * as LocalCredentialIssuer from "./local_credential_issuer.ts"
import * as MemoryRecords from "../memory/local_media_records.ts"
import * as MemoryStore from "../memory/store.ts"
import { LocalObjectRoutes, routesLayer } from "./local_object_routes.ts"
import { type LocalJobKind, LocalMediaRecords } from "./media_records.ts"
import * as MemoryObjectStore from "./memory_object_store.ts"
import { makeObjectRequestHandler, type ObjectRequestHandler } from "./object_routes.ts"
import type { ObjectStore } from "./object_store.ts"
import { issueGrant, makeUploadGate } from "./upload_gate.ts"

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
}

// GetVideoPlayAuth's maximum AuthInfoTimeout, which the VOD adapter asks for too.
const PLAY_AUTH_TTL_SECONDS = 3000
const NOT_UPLOADED = "Cannot play video: it is not uploaded yet (status Uploading)"

/**
 * An emulator over its records (LocalMediaRecords: what it issued, kept in the database) and its files (the store);
 * logs a warning naming itself, so nobody mistakes it for the cloud.
 */
export const make = (options: LocalMediaOptions): Effect.Effect<LocalMedia, never, LocalMediaRecords> =>
  Effect.gen(function*() {
    const { publicUrl, store } = options
    const uploadTtl = options.uploadTtlSeconds ?? 3000
    const records = yield* LocalMediaRecords
    yield* Effect.logWarning(
      `media: LOCAL EMULATOR — no Alibaba Cloud account is used; uploads are stored in ${store.location}`
    )

    const uploadAuth = (key: string) =>
      Effect.map(issueGrant(records, key, uploadTtl), ({ credentials, expiresAt }) =>
        Redacted.make(F.encodeUploadAuth(credentials, uploadTtl, expiresAt)))
    const video = (videoId: VideoId) =>
      Effect.flatMap(records.findVideo(videoId), (found) =>
        Option.match(found, {
          onNone: () => Effect.fail(new NotFound({ resource: "video", id: videoId })),
          onSome: Effect.succeed
        }))
    const playable = (videoId: VideoId) =>
      Effect.filterOrFail(video(videoId), (v) => Option.isSome(v.uploadedAt), () => new Forbidden({ message: NOT_UPLOADED }))
    const submit = (kind: LocalJobKind, span: string) =>
      Effect.fn(span)(function*(videoId: VideoId) {
        yield* video(videoId)
        const jobId = F.randomHex()
        yield* records.addJob({ jobId, videoId, kind, submittedAt: yield* DateTime.now })
        return { jobId }
      })

    const mediaCloud = MediaCloud.of({
      createUploadVideo: Effect.fn("LocalMediaCloud.createUploadVideo")(function*(request) {
        const videoId = VideoId.make(F.randomHex())
        const key = `sv/${videoId}/${F.safeFileName(request.fileName)}`
        const coverUrl = Option.getOrElse(request.coverUrl, () => "")
        yield* records.addVideo({ videoId, title: request.title, key, coverUrl, uploadedAt: Option.none() })
        return { videoId, uploadAddress: F.encodeUploadAddress(publicUrl, key), uploadAuth: yield* uploadAuth(key) }
      }),
      refreshUploadVideo: Effect.fn("LocalMediaCloud.refreshUploadVideo")(function*(videoId) {
        const { key } = yield* video(videoId)
        return { videoId, uploadAddress: F.encodeUploadAddress(publicUrl, key), uploadAuth: yield* uploadAuth(key) }
      }),
      createUploadImage: Effect.fn("LocalMediaCloud.createUploadImage")(function*(request) {
        const imageId = F.randomHex()
        const key = `image/${request.imageType}/${imageId}.${request.imageExt}`
        yield* records.addImage({ imageId, key })
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
        const removeFile = (key: string) => Effect.orDie(store.delete(key))
        // Files first, while the records still name them: when a deletion fails the records stay, and the delete job
        // that called us retries with nothing forgotten. Again after the records go, for an upload that completed
        // in between (one completing later finds no record and removes its own file).
        const known = yield* Effect.forEach(wanted, (id) => records.findVideo(id))
        yield* Effect.forEach(known.flatMap(Option.toArray), (v) => removeFile(v.key), { discard: true })
        const removed = yield* records.removeVideos(wanted)
        yield* Effect.forEach(removed.videos, (v) => removeFile(v.key), { discard: true })
        yield* Effect.forEach(removed.uploads, ({ partNumbers, uploadId }) =>
          Effect.forEach(partNumbers, (n) => removeFile(F.partKey(uploadId, n)), { discard: true }), { discard: true })
        const gone = new Set<VideoId>(removed.videos.map((v) => v.videoId))
        return { nonExistent: wanted.filter((id) => !gone.has(id)), forbidden: [] }
      }),
      submitSnapshotJob: submit("snapshot", "LocalMediaCloud.submitSnapshotJob"),
      submitAuditJob: submit("audit", "LocalMediaCloud.submitAuditJob"),
      submitTranscodeJobs: submit("transcode", "LocalMediaCloud.submitTranscodeJobs")
    })

    const objectRoutes = makeObjectRequestHandler({
      store,
      records,
      gate: makeUploadGate(records),
      maxUploadBytes: options.maxUploadBytes ?? 2 * 1024 ** 3
    })
    const credentialIssuer = LocalCredentialIssuer.make(options.stsTtlSeconds ?? 3600)
    return { mediaCloud, credentialIssuer, objectRoutes }
  })

/** MediaCloud and CredentialIssuer on one emulator, with its object routes as LocalObjectRoutes. */
export const layer = (
  options: LocalMediaOptions
): Layer.Layer<MediaCloud | CredentialIssuer | LocalObjectRoutes, never, LocalMediaRecords> =>
  Layer.effectContext(Effect.map(make(options), (media) =>
    Context.make(MediaCloud, media.mediaCloud).pipe(
      Context.add(CredentialIssuer, media.credentialIssuer),
      Context.add(LocalObjectRoutes, LocalObjectRoutes.of({ handleObjectRequest: media.objectRoutes }))
    )))

/** Records in a fresh in-memory database, for tests and embedders without a database. */
export const memoryRecords = MemoryRecords.layer.pipe(Layer.provide(MemoryStore.layer))

/** An emulator on an in-memory store with in-memory records, exposing the records too. */
export const layerTest = (publicUrl = "http://localhost:8080") =>
  Layer.unwrapEffect(Effect.map(MemoryObjectStore.make, (store) => layer({ publicUrl, store }))).pipe(
    Layer.provideMerge(memoryRecords)
  )

/**
 * The emulator as a root's two leaves: the media ports and the routes. Both hold the same layer value, which a
 * single build memoizes, so uploads land in the emulator the ports read. Both need the records (the database's).
 */
export const leaves = (options: LocalMediaOptions) => {
  const media = layer(options)
  return { media, routes: Layer.provide(routesLayer, media) }
}
