import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Option, Redacted } from "effect"
import type { VideoId, VideoUploadRequest } from "../../core/domain/media.ts"
import type { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import type { MediaCloud } from "../../core/ports/media_cloud.ts"

const decode = (base64: string) => JSON.parse(Buffer.from(base64, "base64").toString("utf8")) as Record<string, unknown>

const request: VideoUploadRequest = {
  title: "contract",
  fileName: "clip.mp4",
  fileSize: Option.some(1024),
  description: Option.none(),
  coverUrl: Option.none(),
  tags: [],
  owner: Option.none()
}

const unknownId = "f".repeat(32) as VideoId

/**
 * What every MediaCloud must do, whichever cloud it fronts (Alibaba Cloud VOD, the local emulator), so the emulator
 * everyone runs cannot drift from the real adapter unnoticed. `media` yields a fresh instance per test.
 */
export const mediaCloudContract = <E>(name: string, media: Effect.Effect<MediaCloud["Type"], E>) =>
  describe(name, () => {
    it.live("createUploadVideo() gives a 32-hex videoId, an UploadAddress and an UploadAuth in VOD's shapes", () =>
      Effect.gen(function*() {
        const cloud = yield* media
        const created = yield* cloud.createUploadVideo(request)
        expect(created.videoId).toMatch(/^[0-9a-f]{32}$/)
        expect(Object.keys(decode(created.uploadAddress))).toEqual(["Endpoint", "Bucket", "FileName"])
        const auth = decode(Redacted.value(created.uploadAuth))
        expect(Object.keys(auth).sort()).toEqual(
          ["AccessKeyId", "AccessKeySecret", "Expiration", "ExpireUTCTime", "Region", "SecurityToken"]
        )
        expect(auth.Expiration).toBe("3000")
      }))

    it.live("refreshUploadVideo() keeps the address and issues a new credential; an unknown id is NotFound", () =>
      Effect.gen(function*() {
        const cloud = yield* media
        const created = yield* cloud.createUploadVideo(request)
        const refreshed = yield* cloud.refreshUploadVideo(created.videoId)
        expect(refreshed.videoId).toBe(created.videoId)
        expect(decode(refreshed.uploadAddress)).toEqual(decode(created.uploadAddress))
        expect(decode(Redacted.value(refreshed.uploadAuth)).SecurityToken)
          .not.toBe(decode(Redacted.value(created.uploadAuth)).SecurityToken)
        expect((yield* Effect.flip(cloud.refreshUploadVideo(unknownId)))._tag).toBe("NotFound")
      }))

    it.live("createUploadImage() gives an image id, its URL and upload credentials", () =>
      Effect.gen(function*() {
        const cloud = yield* media
        const image = yield* cloud.createUploadImage({
          imageType: "cover",
          imageExt: "png",
          title: Option.none(),
          tags: [],
          owner: Option.none()
        })
        expect(image.imageId).not.toBe("")
        expect(image.imageUrl).toMatch(/^https?:\/\/.+\.png$/)
        expect(Object.keys(decode(image.uploadAddress))).toEqual(["Endpoint", "Bucket", "FileName"])
      }))

    it.live("play calls of an unknown video are NotFound; deleting one reports it in nonExistent", () =>
      Effect.gen(function*() {
        const cloud = yield* media
        expect((yield* Effect.flip(cloud.getPlayAuth(unknownId)))._tag).toBe("NotFound")
        expect((yield* Effect.flip(cloud.getPlayInfo(unknownId)))._tag).toBe("NotFound")
        expect(yield* cloud.deleteVideos([unknownId])).toEqual({ nonExistent: [unknownId], forbidden: [] })
      }))
  })

/** What every CredentialIssuer must do: credentials with a key id, a secret and a token, expiring within an hour. */
export const credentialIssuerContract = <E>(name: string, issuer: Effect.Effect<CredentialIssuer["Type"], E>) =>
  describe(name, () => {
    it.live("issue gives a key id, a secret and a token, expiring in 15 minutes to an hour", () =>
      Effect.gen(function*() {
        const credentials = yield* (yield* issuer).issue
        expect(credentials.accessKeyId).not.toBe("")
        expect(Redacted.value(credentials.accessKeySecret)).not.toBe("")
        expect(Redacted.value(credentials.securityToken)).not.toBe("")
        const seconds = DateTime.distance(yield* DateTime.now, credentials.expiration) / 1000
        expect(seconds).toBeGreaterThanOrEqual(890)
        expect(seconds).toBeLessThanOrEqual(3600)
      }))
  })
