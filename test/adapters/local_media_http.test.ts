import { HttpApi, HttpApiBuilder, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Option, Redacted } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { createServer } from "node:http"
import * as DiskObjectStore from "../../adapters/local_media/disk_object_store.ts"
import * as LocalMedia from "../../adapters/local_media/local_media_cloud.ts"
import { MediaCloud } from "../../core/ports/media_cloud.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

const tempDir = scopedTempDir("qu-local-media-http-")

/** An HttpApi server with no endpoints plus the emulator's leaves, on a free 127.0.0.1 port and a disk store. */
const serverWithEmulator = (dir: string) => {
  const { media, routes } = LocalMedia.leaves({ publicUrl: "http://127.0.0.1", store: DiskObjectStore.make(dir) })
  const server = HttpApiBuilder.serve().pipe(
    Layer.provide(routes),
    Layer.provide(HttpApiBuilder.api(HttpApi.make("test"))),
    Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
  )
  return Layer.merge(server, media).pipe(
    Layer.provide(LocalMedia.memoryRecords),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
  )
}

const fetchFrom = (base: string, path: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const response = await fetch(`${base}${path}`, init)
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) }
  })

describe("LocalMediaCloud over a real HTTP server", () => {
  it.scopedLive("leaves() wires one emulator: a streamed PUT lands on disk and plays back with Range", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      yield* Effect.gen(function*() {
        const base = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(address))
        const cloud = yield* MediaCloud
        const created = yield* cloud.createUploadVideo({
          title: "big",
          fileName: "big.mp4",
          fileSize: Option.none(),
          description: Option.none(),
          coverUrl: Option.none(),
          tags: [],
          owner: Option.none()
        })
        const { FileName } = JSON.parse(Buffer.from(created.uploadAddress, "base64").toString("utf8")) as { FileName: string }
        const { SecurityToken } = JSON.parse(Buffer.from(Redacted.value(created.uploadAuth), "base64").toString("utf8")) as {
          SecurityToken: string
        }
        const path = `/local-oss/local/${FileName}`
        const data = randomBytes(3 * 1024 * 1024 + 17)
        // Chunked (no Content-Length), as a streaming client would send it.
        const chunks = [data.subarray(0, 1_000_000), data.subarray(1_000_000)]
        const body = new ReadableStream<Uint8Array>({
          pull: (controller) => {
            const next = chunks.shift()
            if (next === undefined) controller.close()
            else controller.enqueue(next)
          }
        })
        const put = yield* fetchFrom(base, path, {
          method: "PUT",
          headers: { "x-oss-security-token": SecurityToken },
          body,
          duplex: "half"
        })
        expect(put.status).toBe(200)
        expect(put.headers.get("etag")).toBe(`"${createHash("md5").update(data).digest("hex").toUpperCase()}"`)

        const whole = yield* fetchFrom(base, path)
        expect(whole.status).toBe(200)
        expect(whole.body.equals(data)).toBe(true)
        const slice = yield* fetchFrom(base, path, { headers: { range: "bytes=1000000-1000099" } })
        expect(slice.status).toBe(206)
        expect(slice.body.equals(data.subarray(1_000_000, 1_000_100))).toBe(true)
        expect(slice.headers.get("content-range")).toBe(`bytes 1000000-1000099/${data.byteLength}`)
        const head = yield* fetchFrom(base, path, { method: "HEAD" })
        expect([head.status, head.headers.get("content-length"), head.body.byteLength]).toEqual([200, String(data.byteLength), 0])
        const denied = yield* fetchFrom(base, path, { method: "PUT", body: "x" })
        expect(denied.status).toBe(403)

        expect((yield* cloud.getPlayInfo(created.videoId)).playInfos[0]?.playUrl).toBe(`http://127.0.0.1${path}`)
      }).pipe(Effect.provide(serverWithEmulator(dir)))
    }))
})
