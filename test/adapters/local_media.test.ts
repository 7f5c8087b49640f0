import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Logger, Option, Redacted, TestClock } from "effect"
import { createHash } from "node:crypto"
import * as LocalMedia from "../../adapters/local_media/local_media_cloud.ts"
import { LocalObjectRoutes } from "../../adapters/local_media/local_object_routes.ts"
import { LocalMediaRecords } from "../../adapters/local_media/media_records.ts"
import { MAX_IMAGE_BYTES } from "../../adapters/local_media/object_routes.ts"
import * as MemoryObjectStore from "../../adapters/local_media/memory_object_store.ts"
import { address, auth, base64Json, send, upload, UploadAddress, UploadAuth } from "./_local_media_requests.ts"
import { VideoId, type VideoUploadRequest } from "../../core/domain/media.ts"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { MediaCloud, type MediaCloudError } from "../../core/ports/media_cloud.ts"

const PUBLIC_URL = "http://localhost:8080"

/** An emulator on an in-memory store and fresh in-memory records, and those records. */
const setup = (options: { readonly uploadTtlSeconds?: number; readonly maxUploadBytes?: number } = {}) =>
  Effect.gen(function*() {
    const store = yield* MemoryObjectStore.make
    const records = yield* LocalMediaRecords
    const media = yield* LocalMedia.make({ publicUrl: PUBLIC_URL, store, ...options })
    return { ...media, records }
  }).pipe(Effect.provide(LocalMedia.memoryRecords))

const videoRequest = (fileName = "My clip (1).MP4"): VideoUploadRequest => ({
  title: "A clip",
  fileName,
  fileSize: Option.none(),
  description: Option.none(),
  coverUrl: Option.none(),
  tags: [],
  owner: Option.none()
})

const unknownId = VideoId.make("0".repeat(32))

/** A created cover image (png, anonymous). */
const createCover = (media: LocalMedia.LocalMedia) =>
  media.mediaCloud.createUploadImage({ imageType: "cover", imageExt: "png", title: Option.none(), tags: [], owner: Option.none() })

/** A created video with its key and security token. */
const createVideo = (media: LocalMedia.LocalMedia, fileName?: string) =>
  Effect.map(media.mediaCloud.createUploadVideo(videoRequest(fileName)), (created) => ({
    ...created,
    key: address(created.uploadAddress).FileName,
    token: auth(created.uploadAuth).SecurityToken
  }))

const CONTENT = new Uint8Array(Buffer.from("0123456789abcdefghij", "utf8"))
const quotedMd5 = (data: Uint8Array) => `"${createHash("md5").update(data).digest("hex").toUpperCase()}"`

describe("LocalMediaCloud upload credentials", () => {
  it.effect("createUploadVideo() encodes UploadAddress (the origin as an OSS endpoint) and UploadAuth in the VOD shape", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const created = yield* media.mediaCloud.createUploadVideo(videoRequest())
      expect(created.videoId).toMatch(/^[0-9a-f]{32}$/)
      const addr = base64Json(UploadAddress, created.uploadAddress)
      expect(addr.keys).toEqual(["Endpoint", "Bucket", "FileName"])
      expect(addr.value).toEqual({
        // No path (the SDKs drop it); an IP, so the SDKs connect to it and name the bucket in Host.
        Endpoint: "http://127.0.0.1:8080",
        Bucket: "local",
        FileName: `sv/${created.videoId}/My_clip__1_.MP4`
      })
      const credential = base64Json(UploadAuth, Redacted.value(created.uploadAuth))
      expect(credential.keys).toEqual(["SecurityToken", "AccessKeyId", "AccessKeySecret", "Expiration", "ExpireUTCTime", "Region"])
      expect(credential.value.AccessKeyId).toMatch(/^LOCAL\.[A-Za-z0-9_-]+$/)
      expect(credential.value.Expiration).toBe("3000")
      // The TestClock starts at the epoch.
      expect(credential.value.ExpireUTCTime).toBe("1970-01-01T00:50:00Z")
      expect(credential.value.Region).toBe("local")
      expect(credential.value.SecurityToken.length).toBeGreaterThan(32)
      expect(credential.value.AccessKeySecret.length).toBeGreaterThan(20)
    }))

  it.effect("refreshUploadVideo() keeps the address and issues a new token that can upload", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const created = yield* createVideo(media)
      const refreshed = yield* media.mediaCloud.refreshUploadVideo(created.videoId)
      expect(refreshed.videoId).toBe(created.videoId)
      expect(refreshed.uploadAddress).toBe(created.uploadAddress)
      const fresh = auth(refreshed.uploadAuth)
      expect(fresh.SecurityToken).not.toBe(created.token)
      expect(fresh.AccessKeyId).not.toBe(auth(created.uploadAuth).AccessKeyId)
      expect((yield* upload(media.objectRoutes, created.key, fresh.SecurityToken, CONTENT)).status).toBe(200)
    }))

  it.effect("createUploadImage() names image/<type>/<id>.<ext> and returns its object URL", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const image = yield* createCover(media)
      expect(image.imageId).toMatch(/^[0-9a-f]{32}$/)
      const key = `image/cover/${image.imageId}.png`
      expect(address(image.uploadAddress)).toEqual({ Endpoint: "http://127.0.0.1:8080", Bucket: "local", FileName: key })
      expect(image.imageUrl).toBe(`${PUBLIC_URL}/local-oss/local/${key}`)
      const put = yield* upload(media.objectRoutes, key, auth(image.uploadAuth).SecurityToken, CONTENT)
      expect(put.status).toBe(200)
      const got = yield* send(media.objectRoutes, "GET", key)
      expect(got.headers.get("content-type")).toBe("image/png")
    }))

  it.effect("CredentialIssuer.issue gives LOCAL. credentials expiring stsTtlSeconds from now", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("10 seconds")
      const media = yield* Effect.flatMap(MemoryObjectStore.make, (store) =>
        LocalMedia.make({ publicUrl: PUBLIC_URL, store, stsTtlSeconds: 900 })).pipe(Effect.provide(LocalMedia.memoryRecords))
      const first = yield* media.credentialIssuer.issue
      const second = yield* media.credentialIssuer.issue
      expect(first.accessKeyId).toMatch(/^LOCAL\./)
      expect(DateTime.toEpochMillis(first.expiration)).toBe(910_000)
      expect(Redacted.value(first.securityToken)).not.toBe(Redacted.value(second.securityToken))
      expect(Redacted.value(first.accessKeySecret)).not.toBe(Redacted.value(second.accessKeySecret))
    }))
})

describe("LocalMediaCloud object routes", () => {
  it.effect("a PUT with the issued token stores the file: GET returns the same bytes and ETag", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media, "clip.mp4")
      const put = yield* upload(media.objectRoutes, video.key, video.token, CONTENT)
      expect(put.status).toBe(200)
      expect(put.headers.get("etag")).toBe(quotedMd5(CONTENT))
      const got = yield* send(media.objectRoutes, "GET", video.key)
      expect(got.status).toBe(200)
      expect(got.body.equals(CONTENT)).toBe(true)
      expect(got.headers.get("etag")).toBe(put.headers.get("etag"))
      expect(got.headers.get("content-type")).toBe("video/mp4")
      expect(got.headers.get("content-length")).toBe(String(CONTENT.byteLength))
      expect(got.headers.get("accept-ranges")).toBe("bytes")
      const head = yield* send(media.objectRoutes, "HEAD", video.key)
      expect([head.status, head.headers.get("content-length"), head.body.byteLength]).toEqual([200, "20", 0])
    }))

  it.effect("a PUT with a wrong, missing, other key's or expired token gets 403; a never-issued key 404", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media)
      const other = yield* createVideo(media)
      expect((yield* upload(media.objectRoutes, video.key, "not-the-token", CONTENT)).status).toBe(403)
      expect((yield* upload(media.objectRoutes, video.key, undefined, CONTENT)).status).toBe(403)
      expect((yield* upload(media.objectRoutes, video.key, other.token, CONTENT)).status).toBe(403)
      expect((yield* upload(media.objectRoutes, `sv/${"1".repeat(32)}/x.mp4`, video.token, CONTENT)).status).toBe(404)
      yield* TestClock.adjust("3000 seconds")
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(403)
      expect((yield* send(media.objectRoutes, "GET", video.key)).status).toBe(404)
    }))

  it.effect("a token still works one second before its expiry", () =>
    Effect.gen(function*() {
      const media = yield* setup({ uploadTtlSeconds: 60 })
      const video = yield* createVideo(media)
      yield* TestClock.adjust("59 seconds")
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(200)
    }))

  it.effect("GET with Range serves 206 slices (a-b, a-, -n) and 416 for a range past the end", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media, "clip.mp4")
      yield* upload(media.objectRoutes, video.key, video.token, CONTENT)
      const range = (value: string) => send(media.objectRoutes, "GET", video.key, { headers: { range: value } })
      const slice = yield* range("bytes=2-5")
      expect([slice.status, slice.body.toString(), slice.headers.get("content-range")]).toEqual([206, "2345", "bytes 2-5/20"])
      expect(slice.headers.get("content-length")).toBe("4")
      const open = yield* range("bytes=15-")
      expect([open.status, open.body.toString(), open.headers.get("content-range")]).toEqual([206, "fghij", "bytes 15-19/20"])
      const suffix = yield* range("bytes=-3")
      expect([suffix.status, suffix.body.toString()]).toEqual([206, "hij"])
      const past = yield* range("bytes=20-")
      expect([past.status, past.headers.get("content-range")]).toEqual([416, "bytes */20"])
      const several = yield* range("bytes=0-1,4-5")
      expect([several.status, several.body.byteLength]).toEqual([200, 20])
    }))

  it.effect("a body over maxUploadBytes gets 413 (declared or streamed) and stores nothing", () =>
    Effect.gen(function*() {
      const media = yield* setup({ maxUploadBytes: 10 })
      const video = yield* createVideo(media)
      const declared = yield* send(media.objectRoutes, "PUT", video.key, {
        headers: { "x-oss-security-token": video.token, "content-length": "11" }
      })
      expect(declared.status).toBe(413)
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(413)
      expect((yield* send(media.objectRoutes, "GET", video.key)).status).toBe(404)
      const playAuth = yield* Effect.exit(media.mediaCloud.getPlayAuth(video.videoId))
      expect(Exit.isFailure(playAuth)).toBe(true)
    }))

  it.effect("keys with '..' get 400, writes without the key's token 403, unknown uploads 404, other operations 501 (XML)", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media)
      expect((yield* send(media.objectRoutes, "GET", "sv/..%2F..%2Fetc/passwd")).status).toBe(400)
      expect((yield* upload(media.objectRoutes, "a/..%2Fb", video.token, CONTENT)).status).toBe(400)
      expect((yield* send(media.objectRoutes, "GET", "%E0%A4%A")).status).toBe(400)
      const deleted = yield* send(media.objectRoutes, "DELETE", video.key)
      expect(deleted.status).toBe(403)
      expect(deleted.body.toString()).toMatch(/<Error><Code>AccessDenied<\/Code>/)
      expect((yield* send(media.objectRoutes, "POST", `${video.key}?uploads`)).status).toBe(403)
      expect((yield* upload(media.objectRoutes, `${video.key}?partNumber=1&uploadId=x`, video.token, CONTENT)).status)
        .toBe(404)
      expect((yield* upload(media.objectRoutes, `${video.key}?acl`, video.token, CONTENT)).status).toBe(501)
      const response = HttpServerResponse.toWeb(
        yield* media.objectRoutes(HttpServerRequest.fromWeb(new Request("http://localhost/local-oss/other/x.mp4")))
      )
      expect(response.status).toBe(404)
    }))
})

describe("LocalMediaCloud playback and lifecycle", () => {
  it.effect("getPlayAuth() and getPlayInfo() are Forbidden before the upload and describe the file after", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media, "clip.mp4")
      const before = yield* Effect.flip(media.mediaCloud.getPlayAuth(video.videoId))
      expect(before).toMatchObject({ _tag: "Forbidden", message: "Cannot play video: it is not uploaded yet (status Uploading)" })
      expect((yield* Effect.flip(media.mediaCloud.getPlayInfo(video.videoId)))._tag).toBe("Forbidden")
      yield* upload(media.objectRoutes, video.key, video.token, CONTENT)
      const playAuth = yield* media.mediaCloud.getPlayAuth(video.videoId)
      expect(playAuth).toMatchObject({ videoId: video.videoId, coverUrl: "", duration: 0, title: "A clip", status: "Normal" })
      expect(JSON.parse(Buffer.from(Redacted.value(playAuth.playAuth), "base64").toString("utf8"))).toEqual({
        local: true,
        videoId: video.videoId,
        expireTime: "1970-01-01T00:50:00Z"
      })
      const info = yield* media.mediaCloud.getPlayInfo(video.videoId)
      expect(info).toMatchObject({ videoId: video.videoId, title: "A clip", duration: 0, status: "Normal" })
      expect(info.playInfos).toEqual([{ playUrl: `${PUBLIC_URL}/local-oss/local/${video.key}`, definition: "OD", format: "mp4" }])
    }))

  it.effect("the cover URL given at creation is reported", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const created = yield* media.mediaCloud.createUploadVideo({ ...videoRequest("c.mp4"), coverUrl: Option.some("http://x/c.png") })
      const { FileName } = address(created.uploadAddress)
      yield* upload(media.objectRoutes, FileName, auth(created.uploadAuth).SecurityToken, CONTENT)
      expect((yield* media.mediaCloud.getPlayInfo(created.videoId)).coverUrl).toBe("http://x/c.png")
    }))

  it.effect("every method fails with NotFound for an unknown videoId", () =>
    Effect.gen(function*() {
      const { mediaCloud } = yield* setup()
      const calls: Array<Effect.Effect<unknown, MediaCloudError>> = [
        mediaCloud.refreshUploadVideo(unknownId),
        mediaCloud.getPlayAuth(unknownId),
        mediaCloud.getPlayInfo(unknownId),
        mediaCloud.submitSnapshotJob(unknownId),
        mediaCloud.submitAuditJob(unknownId),
        mediaCloud.submitTranscodeJobs(unknownId)
      ]
      for (const call of calls) {
        expect(yield* Effect.flip(call)).toMatchObject({ _tag: "NotFound", resource: "video", id: unknownId })
      }
    }))

  it.effect("deleteVideos() removes records and files and reports unknown ids in nonExistent", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media)
      yield* upload(media.objectRoutes, video.key, video.token, CONTENT)
      const result = yield* media.mediaCloud.deleteVideos([video.videoId, unknownId, unknownId])
      expect(result).toEqual({ nonExistent: [unknownId], forbidden: [] })
      expect((yield* send(media.objectRoutes, "GET", video.key)).status).toBe(404)
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(404)
      expect((yield* Effect.flip(media.mediaCloud.getPlayAuth(video.videoId)))._tag).toBe("NotFound")
      expect(yield* media.mediaCloud.deleteVideos([video.videoId])).toEqual({ nonExistent: [video.videoId], forbidden: [] })
    }))

  it.effect("once its first job is submitted (it was published) a video's file cannot be replaced, even with valid credentials", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media)
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(200)
      expect((yield* upload(media.objectRoutes, video.key, video.token, CONTENT)).status).toBe(200)
      yield* media.mediaCloud.submitAuditJob(video.videoId)
      const refused = yield* upload(media.objectRoutes, video.key, video.token, new Uint8Array([1, 2, 3]))
      expect(refused.status).toBe(403)
      expect(refused.body.toString("utf8")).toContain("<Code>AccessDenied</Code>")
      expect((yield* send(media.objectRoutes, "GET", video.key)).body).toEqual(Buffer.from(CONTENT))
    }))

  it.effect("an image upload is limited to MAX_IMAGE_BYTES, whatever the upload limit", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const image = yield* createCover(media)
      const key = address(image.uploadAddress).FileName
      const token = auth(image.uploadAuth).SecurityToken
      const big = yield* upload(media.objectRoutes, key, token, new Uint8Array(MAX_IMAGE_BYTES + 1))
      expect(big.status).toBe(413)
      expect((yield* upload(media.objectRoutes, key, token, new Uint8Array(1024))).status).toBe(200)
    }))

  it.effect("submitted jobs get distinct ids and are recorded for the event simulation", () =>
    Effect.gen(function*() {
      const media = yield* setup()
      const video = yield* createVideo(media)
      const snapshot = yield* media.mediaCloud.submitSnapshotJob(video.videoId)
      const audit = yield* media.mediaCloud.submitAuditJob(video.videoId)
      const transcode = yield* media.mediaCloud.submitTranscodeJobs(video.videoId)
      expect(new Set([snapshot.jobId, audit.jobId, transcode.jobId]).size).toBe(3)
      const jobs = yield* media.records.pendingJobs
      expect(jobs.map((j) => [j.jobId, j.kind, j.videoId])).toEqual([
        [snapshot.jobId, "snapshot", video.videoId],
        [audit.jobId, "audit", video.videoId],
        [transcode.jobId, "transcode", video.videoId]
      ])
    }))
})

describe("LocalMediaCloud layers", () => {
  it.effect("layer() logs that the emulator is in use and shares one instance between the ports and the routes", () => {
    const logs: Array<string> = []
    const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => logs.push(String(message))))
    return Effect.gen(function*() {
      const mediaCloud = yield* MediaCloud
      const routes = yield* LocalObjectRoutes
      yield* CredentialIssuer
      const created = yield* mediaCloud.createUploadVideo(videoRequest("clip.webm"))
      const key = address(created.uploadAddress).FileName
      const put = yield* upload(routes.handleObjectRequest, key, auth(created.uploadAuth).SecurityToken, CONTENT)
      expect(put.status).toBe(200)
      expect((yield* mediaCloud.getPlayInfo(created.videoId)).playInfos[0]?.format).toBe("webm")
      expect(logs).toEqual([
        "media: LOCAL EMULATOR — no Alibaba Cloud account is used; uploads are stored in memory"
      ])
    }).pipe(Effect.provide(LocalMedia.layerTest()), Effect.provide(capture))
  })
})
