import { Duration, Effect, Layer } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { request } from "node:http"
import { createServer } from "node:net"
import { createRequire } from "node:module"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as LocalMedia from "../../adapters/local_media/local_media_cloud.ts"
import * as MemoryObjectStore from "../../adapters/local_media/memory_object_store.ts"
import { localAutoprocess } from "../../composition/media.ts"
import { startTestServer, type TestServer } from "../../composition/test_root.ts"

// The official OSS SDK for Node, as a devDependency: what it sends is what the apps' SDKs send (virtual-host
// addressing to an IP endpoint, V1 signatures, multipart above a size).
const OSS = createRequire(import.meta.url)("ali-oss") as new(options: Record<string, unknown>) => {
  put: (name: string, body: Buffer) => Promise<{ res: { status: number } }>
  multipartUpload: (name: string, body: Buffer, options: { partSize: number }) => Promise<{ res: { status: number } }>
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
const decode = (b64: string) => JSON.parse(Buffer.from(b64, "base64").toString("utf8"))
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex")

describe("uploads with the official OSS SDK (ali-oss), configured only from the server's answers", () => {
  let server: TestServer
  beforeAll(async () => {
    const port = await freePort()
    const publicUrl = `http://localhost:${port}`
    const local = LocalMedia.leaves({ publicUrl, store: Effect.runSync(MemoryObjectStore.make) })
    const background = localAutoprocess({ publicUrl, assetsDir: undefined, delay: Duration.millis(50) }).pipe(
      Layer.provide(local.media)
    )
    server = await startTestServer({ port, publicUrl, moderation: "off", media: { ...local, background } })
  })
  afterAll(() => server.close())
  const get = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()) as any

  const uploadWith = async (token: string, title: string) => {
    const issued = (await get(`/vod/getVideoUploadAuth?token=${token}&title=${title}&fileName=VID_1.mp4`)).data
    const address = decode(issued.uploadAddress)
    const auth = decode(issued.uploadAuth)
    const client = new OSS({
      endpoint: address.Endpoint,
      bucket: address.Bucket,
      accessKeyId: auth.AccessKeyId,
      accessKeySecret: auth.AccessKeySecret,
      stsToken: auth.SecurityToken
    })
    return { videoId: issued.videoId as string, fileName: address.FileName as string, client, auth, address }
  }

  it("put and multipartUpload store the bytes; published, processed and listed, the fileUrl serves them", async () => {
    const me = (await get("/user/randomUser")).data
    const small = randomBytes(300 * 1024)
    const large = randomBytes(6 * 1024 * 1024)
    const one = await uploadWith(me.token, "put")
    expect((await one.client.put(one.fileName, small)).res.status).toBe(200)
    const two = await uploadWith(me.token, "multipart")
    expect((await two.client.multipartUpload(two.fileName, large, { partSize: 1024 * 1024 })).res.status).toBe(200)
    for (const { videoId } of [one, two]) {
      const published = await fetch(`${server.url}/vod/videoPublish`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: me.token, videoId, title: "发布" })
      })
      expect(((await published.json()) as any).code).toBe("200")
    }
    // The local event simulator uploads nothing itself: it sees the stored files and reports them transcoded.
    let listed: Array<{ videoId: string; fileUrl: string }> = []
    for (let i = 0; i < 200; i++) {
      listed = (await get(`/vod/getRecommendVideoList?token=${me.token}&pageIndex=1&pageSize=10`)).data.videoList
      if ([one, two].every((u) => listed.find((v) => v.videoId === u.videoId)?.fileUrl)) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    for (const [upload, bytes] of [[one, small], [two, large]] as const) {
      const fileUrl = listed.find((v) => v.videoId === upload.videoId)?.fileUrl
      expect(fileUrl, upload.videoId).toMatch(/^http/)
      const served = Buffer.from(await (await fetch(fileUrl!.replace(/^http:\/\/localhost:\d+/, server.url))).arrayBuffer())
      expect(md5(served)).toBe(md5(bytes))
    }
  }, 60_000)

  it("a wrong secret is SignatureDoesNotMatch and another key's token AccessDenied, as XML errors the SDK reads", async () => {
    const me = (await get("/user/randomUser")).data
    const mine = await uploadWith(me.token, "mine")
    const forged = new OSS({
      endpoint: mine.address.Endpoint,
      bucket: mine.address.Bucket,
      accessKeyId: mine.auth.AccessKeyId,
      accessKeySecret: "not-the-secret",
      stsToken: mine.auth.SecurityToken
    })
    await expect(forged.put(mine.fileName, Buffer.from("x"))).rejects.toMatchObject({ status: 403, code: "SignatureDoesNotMatch" })
    const other = await uploadWith(me.token, "other")
    await expect(other.client.put(mine.fileName, Buffer.from("x"))).rejects.toMatchObject({ status: 403, code: "AccessDenied" })
    await expect(mine.client.put("sv/none/x.mp4", Buffer.from("x"))).rejects.toMatchObject({ status: 404 })
  })

  it("a server reached as local.<domain> still answers its API: only requests with OSS credentials go to the emulator", async () => {
    // fetch drops a Host header; node:http sends it as given.
    const body = await new Promise<string>((resolve, reject) => {
      request(`${server.url}/user/randomUser`, { headers: { host: "local.example.com" } }, (response) => {
        let text = ""
        response.on("data", (chunk: Buffer) => text += chunk.toString("utf8"))
        response.on("end", () => resolve(text))
      }).on("error", reject).end()
    })
    expect(JSON.parse(body).code).toBe("200")
  })
})
