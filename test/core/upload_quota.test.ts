import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Exit, FastCheck as fc, Layer, Option, Redacted, Ref } from "effect"
import { memoryDatabase } from "../../composition/databases.ts"
import type { VideoId } from "../../core/domain/media.ts"
import type { UserId } from "../../core/domain/user.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { UploadPolicy } from "../../core/ports/upload_policy.ts"
import { UploadRepository } from "../../core/ports/upload_repository.ts"
import { getVideoUploadAuth } from "../../core/use_cases/credentials/get_video_upload_auth.ts"

const USER = { maxUploads: 3, maxBytes: 1000 }
const ADDRESS = { maxUploads: 5, maxBytes: 1500 }
const MAX_FILE = 400

const cloud = Effect.map(Ref.make(0), (n) =>
  Layer.mock(MediaCloud, {
    createUploadVideo: () =>
      Effect.map(Ref.updateAndGet(n, (i) => i + 1), (i) => ({
        videoId: i.toString(16).padStart(32, "0") as VideoId,
        uploadAddress: "addr",
        uploadAuth: Redacted.make("auth")
      }))
  }))

const policy = Layer.succeed(UploadPolicy, UploadPolicy.of({
  videoExtensions: new Set(["mp4"]),
  maxFileSize: MAX_FILE,
  pending: { perUser: USER, perAddress: ADDRESS, ttl: Duration.hours(24) }
}))

/** One request: from one of two users or anonymous, from one of two addresses, with or without a declared size. */
const request = fc.record({
  owner: fc.constantFrom<UserId | undefined>("1" as UserId, "2" as UserId, undefined),
  address: fc.constantFrom("198.51.100.1", "198.51.100.2"),
  size: fc.option(fc.integer({ min: 0, max: MAX_FILE }), { nil: undefined }),
  publish: fc.boolean()
})

describe("upload quota", () => {
  it.effect.prop(
    "no user and no address ever holds more unpublished uploads or reserved bytes than allowed; publishing frees room",
    { requests: fc.array(request, { maxLength: 24 }) },
    ({ requests }) =>
      Effect.gen(function*() {
        const held = new Map<string, { uploads: number; bytes: number }>()
        const use = (key: string) => held.get(key) ?? { uploads: 0, bytes: 0 }
        for (const r of requests) {
          const bytes = r.size ?? MAX_FILE
          const keys = [...(r.owner === undefined ? [] : [`user:${r.owner}`]), `address:${r.address}`]
          const limit = (k: string) => (k.startsWith("user:") ? USER : ADDRESS)
          const fits = keys.every((k) => use(k).uploads + 1 <= limit(k).maxUploads && use(k).bytes + bytes <= limit(k).maxBytes)
          const exit = yield* Effect.exit(getVideoUploadAuth({
            owner: Option.fromNullable(r.owner),
            title: "t",
            fileName: "a.mp4",
            fileSize: Option.fromNullable(r.size),
            description: Option.none(),
            coverUrl: Option.none(),
            tags: Option.none(),
            clientAddress: r.address
          }))
          expect(Exit.isSuccess(exit), JSON.stringify(r)).toBe(fits)
          if (Exit.isFailure(exit)) {
            expect(JSON.stringify(exit.cause)).toContain("RateLimited")
            continue
          }
          if (r.publish) {
            yield* (yield* UploadRepository).markPublished(exit.value.videoId, yield* DateTime.now)
            continue
          }
          for (const k of keys) {
            const u = use(k)
            held.set(k, { uploads: u.uploads + 1, bytes: u.bytes + bytes })
          }
        }
      }).pipe(Effect.provide(Layer.mergeAll(memoryDatabase, policy, Layer.unwrapEffect(cloud)))))
})
