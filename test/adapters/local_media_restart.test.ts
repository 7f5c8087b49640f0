import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Option } from "effect"
import { access } from "node:fs/promises"
import { join } from "node:path"
import * as DiskObjectStore from "../../adapters/local_media/disk_object_store.ts"
import * as LocalMedia from "../../adapters/local_media/local_media_cloud.ts"
import { LocalObjectRoutes } from "../../adapters/local_media/local_object_routes.ts"
import { LocalMediaRecords } from "../../adapters/local_media/media_records.ts"
import { pgliteDatabase } from "../../composition/databases.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { address, auth, send, upload } from "./_local_media_requests.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

const PUBLIC_URL = "http://127.0.0.1:8080"
const CONTENT = new Uint8Array(Buffer.from("the whole clip, stored before the restart", "utf8"))

const request = (title: string) => ({
  title,
  fileName: "clip.mp4",
  fileSize: Option.none(),
  description: Option.none(),
  coverUrl: Option.none(),
  tags: [],
  owner: Option.none()
})

/** The emulator as `npm start` runs it: records in an embedded PGlite on disk, files in a directory. */
const emulator = (dir: string) => {
  const database = pgliteDatabase({ dataDir: join(dir, "pglite"), poolSize: 2 })
  return Layer.merge(
    LocalMedia.layer({ publicUrl: PUBLIC_URL, store: DiskObjectStore.make(join(dir, "media")) }),
    database
  ).pipe(Layer.provide(database), Layer.provide(Logger.minimumLogLevel(LogLevel.Error)))
}

/** Runs `body` against a fresh start of the emulator on `dir`, stopping it (PGlite closed) afterwards. */
const run = <A, E>(dir: string, body: Effect.Effect<A, E, MediaCloud | LocalObjectRoutes | LocalMediaRecords>) =>
  Effect.scoped(Effect.provide(body, emulator(dir)))

const created = (title: string) =>
  Effect.gen(function*() {
    const made = yield* (yield* MediaCloud).createUploadVideo(request(title))
    return { videoId: made.videoId, key: address(made.uploadAddress).FileName, token: auth(made.uploadAuth).SecurityToken }
  })

const routes = Effect.map(LocalObjectRoutes, (r) => r.handleObjectRequest)
const exists = (path: string) => access(path).then(() => true, () => false)

describe("The local media emulator across a restart (PGlite and files on disk)", () => {
  it.scopedLive("remembers videos, credentials, owed jobs and multipart uploads; delete removes the files", () =>
    Effect.gen(function*() {
      const dir = yield* scopedTempDir("qu-local-restart-")
      const before = yield* run(dir, Effect.gen(function*() {
        const cloud = yield* MediaCloud
        const handler = yield* routes
        const played = yield* created("uploaded before")
        expect((yield* upload(handler, played.key, played.token, CONTENT)).status).toBe(200)
        const audit = yield* cloud.submitAuditJob(played.videoId)
        const waiting = yield* created("credentials issued before")
        const parted = yield* created("multipart started before")
        const initiated = yield* send(handler, "POST", `${parted.key}?uploads`, {
          headers: { "x-oss-security-token": parted.token }
        })
        const uploadId = /<UploadId>([0-9A-F]+)<\/UploadId>/.exec(initiated.body.toString("utf8"))?.[1] ?? ""
        const part = yield* send(handler, "PUT", `${parted.key}?partNumber=1&uploadId=${uploadId}`, {
          headers: { "x-oss-security-token": parted.token },
          body: CONTENT
        })
        expect(part.status).toBe(200)
        return { played, audit, waiting, parted, uploadId, etag: part.headers.get("etag") ?? "" }
      }))

      yield* run(dir, Effect.gen(function*() {
        const cloud = yield* MediaCloud
        const handler = yield* routes
        const records = yield* LocalMediaRecords
        const { audit, etag, parted, played, uploadId, waiting } = before

        // The uploaded video still plays, from the same record, and its file is served.
        const info = yield* cloud.getPlayInfo(played.videoId)
        expect(info.title).toBe("uploaded before")
        expect((yield* cloud.getPlayAuth(played.videoId)).videoId).toBe(played.videoId)
        const got = yield* send(handler, "GET", played.key)
        expect([got.status, got.body.toString("utf8")]).toEqual([200, Buffer.from(CONTENT).toString("utf8")])
        // The job accepted before the restart is still owed.
        expect((yield* records.pendingJobs).map((job) => job.jobId)).toContain(audit.jobId)

        // Credentials issued before the restart still upload; refresh works.
        expect((yield* upload(handler, waiting.key, waiting.token, CONTENT)).status).toBe(200)
        const refreshed = yield* cloud.refreshUploadVideo(waiting.videoId)
        expect(address(refreshed.uploadAddress).FileName).toBe(waiting.key)

        // The multipart upload goes on: its part is listed and the upload completes.
        const listed = yield* send(handler, "GET", `${parted.key}?uploadId=${uploadId}`, {
          headers: { "x-oss-security-token": parted.token }
        })
        expect(listed.body.toString("utf8")).toContain(`<PartNumber>1</PartNumber><ETag>${etag.replaceAll('"', "&quot;")}</ETag>`)
        const completed = yield* send(handler, "POST", `${parted.key}?uploadId=${uploadId}`, {
          headers: { "x-oss-security-token": parted.token },
          body: Buffer.from(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`)
        })
        expect(completed.status).toBe(200)
        expect((yield* cloud.getPlayInfo(parted.videoId)).title).toBe("multipart started before")

        // Delete removes the records and the files on disk.
        const file = join(dir, "media", played.key)
        expect(yield* Effect.promise(() => exists(file))).toBe(true)
        const result = yield* cloud.deleteVideos([played.videoId, waiting.videoId])
        expect(result.nonExistent).toEqual([])
        expect(yield* Effect.promise(() => exists(file))).toBe(false)
        expect(yield* Effect.promise(() => exists(join(dir, "media", waiting.key)))).toBe(false)
        expect((yield* send(handler, "GET", played.key)).status).toBe(404)
      }))

      // And a deletion, too, is remembered.
      yield* run(dir, Effect.gen(function*() {
        const cloud = yield* MediaCloud
        const gone = yield* Effect.flip(cloud.getPlayInfo(before.played.videoId))
        expect(gone._tag).toBe("NotFound")
        const result = yield* cloud.deleteVideos([before.played.videoId as VideoId])
        expect(result.nonExistent).toEqual([before.played.videoId])
      }))
    }), { timeout: 60_000 })
})
