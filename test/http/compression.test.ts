import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync, gzipSync } from "node:zlib"
import { afterAll, describe, expect, it } from "vitest"
import { acceptsGzip, MIN_COMPRESS_BYTES, PreparedBody } from "../../adapters/http/middleware/compression.ts"
import { expectEnvelope, useServer } from "./support.ts"

/** An answer as it came over the wire: fetch would gunzip it behind our back. */
interface RawAnswer {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: Buffer
}

const rawGet = (base: string, path: string, headers: Record<string, string> = {}, method = "GET") =>
  new Promise<RawAnswer>((resolve, reject) => {
    const url = new URL(base)
    request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on("error", reject)
    }).on("error", reject).end()
  })

describe("acceptsGzip", () => {
  const table: ReadonlyArray<readonly [string | ReadonlyArray<string> | undefined, boolean]> = [
    [undefined, false],
    ["", false],
    ["gzip", true],
    ["GZIP", true],
    ["x-gzip", true],
    ["gzip, deflate, br", true],
    ["deflate, gzip;q=1.0, *;q=0.5", true],
    ["br;q=1, gzip;q=0.001", true],
    ["  gzip  ;  q=0.5  ", true],
    ["gzip;Q=0.5", true],
    ["identity", false],
    ["deflate, br", false],
    ["gzip;q=0", false],
    ["gzip;q=0.000", false],
    ["gzip;q=0, *", false],
    ["*, gzip;q=0", false],
    ["x-gzip;q=0, *;q=1", false],
    ["*", true],
    ["*;q=0", false],
    ["br, *;q=0.1", true],
    ["identity, *;q=0", false],
    ["gzip;q=abc", false],
    ["gzip;q=1.5", false],
    ["gzip;q=0.1234", false],
    ["gzip;q=", false],
    ["gzip;level=1", false],
    ["gzip;q=0.5;x=y", false],
    ["gzip;q=abc, *", false],
    ["gzipx, xgzip", false],
    [",,gzip,,", true],
    [["deflate", "gzip"], true],
    [["identity"], false],
    [[], false]
  ]
  it.each(table)("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
    // A second call answers from the memo, identically.
    expect(acceptsGzip(header)).toBe(expected)
  })

  it("stays correct past its memo's bound", () => {
    for (let i = 0; i < 500; i++) expect(acceptsGzip(`br;q=0.${i % 10}, gzip;q=${i % 2}`)).toBe(i % 2 === 1)
    expect(acceptsGzip("gzip")).toBe(true)
    expect(acceptsGzip("gzip;q=0")).toBe(false)
  })
})

describe("PreparedBody", () => {
  const json = Buffer.from(JSON.stringify({ list: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) }))

  it("compresses lazily, once, and round-trips", () => {
    const body = new PreparedBody(json)
    expect(body.identity).toBe(json)
    expect(body.ready).toBe(false)
    const first = body.gzip()
    expect(body.ready).toBe(true)
    expect(body.gzip()).toBe(first)
    expect(first.length).toBeLessThan(json.length / 4)
    expect(gunzipSync(first).equals(json)).toBe(true)
    expect(body.forEncoding(true)).toEqual({ bytes: first, encoding: "gzip" })
    expect(body.forEncoding(false)).toEqual({ bytes: json, encoding: undefined })
  })

  it("keeps a Uint8Array's bytes without copying them", () => {
    const bytes = new Uint8Array(json.buffer, json.byteOffset, json.byteLength)
    const body = new PreparedBody(bytes)
    expect(body.identity.buffer).toBe(json.buffer)
    expect(body.identity.equals(json)).toBe(true)
  })

  it("has no gzip form below the minimum or when gzip is not smaller", () => {
    const small = new PreparedBody(Buffer.from("x".repeat(MIN_COMPRESS_BYTES - 1)))
    expect(small.gzip()).toBe(small.identity)
    expect(small.forEncoding(true)).toEqual({ bytes: small.identity, encoding: undefined })
    const noise = new PreparedBody(randomBytes(4 * MIN_COMPRESS_BYTES))
    expect(noise.gzip()).toBe(noise.identity)
    expect(noise.forEncoding(true).encoding).toBeUndefined()
  })

  it("compresses off the event loop once for concurrent callers, and keeps the result", async () => {
    const large = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `v${i * 7}` }))))
    const body = new PreparedBody(large)
    const [a, b] = await Promise.all([body.gzipAsync(), body.gzipAsync()])
    expect(a).toBe(b)
    expect(body.gzip()).toBe(a)
    expect(gunzipSync(a).equals(large)).toBe(true)
    expect(await body.gzipAsync()).toBe(a)
    expect(gzipSync(large, { level: 9 }).equals(a)).toBe(true)
  })
})

describe("HTTP compression", () => {
  const dir = mkdtempSync(join(tmpdir(), "qu-compression-"))
  const text = "a line of plain text that compresses well\n".repeat(200)
  writeFileSync(join(dir, "big.txt"), text)
  const api = useServer({ assetsDir: dir })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const expectSameOnTheWire = async (path: string) => {
    const plain = await rawGet(api.url(), path)
    expect(plain.status).toBe(200)
    expect(plain.headers["content-encoding"]).toBeUndefined()
    expect(plain.headers["vary"]).toBe("accept-encoding")
    for (let i = 0; i < 2; i++) {
      const gzipped = await rawGet(api.url(), path, { "accept-encoding": "gzip, deflate, br" })
      expect(gzipped.status).toBe(200)
      expect(gzipped.headers["content-encoding"]).toBe("gzip")
      expect(gzipped.headers["vary"]).toBe("accept-encoding")
      expect(gzipped.headers["content-type"]).toBe(plain.headers["content-type"])
      expect(gzipped.headers["content-length"]).toBe(String(gzipped.body.length))
      expect(gzipped.body.length).toBeLessThan(plain.body.length / 3)
      expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true)
    }
    return plain
  }

  it("/docs is served gzipped to clients asking for it, the same bytes otherwise", async () => {
    const plain = await expectSameOnTheWire("/docs")
    expect(plain.headers["content-type"]).toMatch(/^text\/html/)
    expect(plain.body.length).toBeGreaterThan(1_000_000)
  })

  it("/openapi.json likewise", async () => {
    const plain = await expectSameOnTheWire("/openapi.json")
    expect(JSON.parse(plain.body.toString("utf8")).openapi).toMatch(/^3\./)
  })

  it("follows the Accept-Encoding weights: gzip;q=0 and identity are not compressed, * is", async () => {
    for (const header of ["gzip;q=0", "identity", "gzip;q=0, *", "br"]) {
      const answer = await rawGet(api.url(), "/openapi.json", { "accept-encoding": header })
      expect(answer.headers["content-encoding"], header).toBeUndefined()
      expect(answer.headers["vary"], header).toBe("accept-encoding")
      JSON.parse(answer.body.toString("utf8"))
    }
    const any = await rawGet(api.url(), "/openapi.json", { "accept-encoding": "*" })
    expect(any.headers["content-encoding"]).toBe("gzip")
    JSON.parse(gunzipSync(any.body).toString("utf8"))
  })

  it("small answers are sent as they are, without Vary", async () => {
    for (const path of ["/user/randomUser", "/health"]) {
      const answer = await rawGet(api.url(), path, { "accept-encoding": "gzip" })
      expect(answer.status, path).toBe(200)
      expect(answer.body.length, path).toBeLessThan(MIN_COMPRESS_BYTES)
      expect(answer.headers["content-encoding"], path).toBeUndefined()
      expect(answer.headers["vary"], path).toBeUndefined()
      JSON.parse(answer.body.toString("utf8"))
    }
  })

  it("a video list larger than the minimum is gzipped, envelope and request id header intact", async () => {
    const me = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }
    for (let i = 0; i < 8; i++) {
      const auth = await api.get("/vod/getVideoUploadAuth", { token: me.token, title: `clip ${i}`, fileName: "clip.mp4" })
      const { videoId } = expectEnvelope(auth, "200").data as { videoId: string }
      const published = await api.postForm("/vod/videoPublish", {
        token: me.token, videoId, title: `海边的视频 ${i}`, description: "一段很长的描述 ".repeat(5), tags: "旅行,海边"
      })
      expectEnvelope(published, "200")
    }
    const path = `/vod/getPersonalVideoList?${new URLSearchParams({ token: me.token, pageIndex: "1", pageSize: "20" })}`
    const gzipped = await rawGet(api.url(), path, { "accept-encoding": "gzip" })
    expect(gzipped.headers["content-encoding"]).toBe("gzip")
    expect(gzipped.headers["vary"]).toBe("accept-encoding")
    expect(gzipped.headers["content-type"]).toBe("application/json; charset=utf-8")
    const body = gunzipSync(gzipped.body)
    expect(body.length).toBeGreaterThan(MIN_COMPRESS_BYTES)
    expect(gzipped.body.length).toBeLessThan(body.length / 2)
    const envelope = JSON.parse(body.toString("utf8"))
    expect(envelope.code).toBe("200")
    expect(envelope.requestId).toBe(gzipped.headers["x-request-id"])
    expect(envelope.data.videoList).toHaveLength(8)
    // fetch, like the apps' stacks, asks for gzip and decodes it transparently.
    const decoded = expectEnvelope(await api.call(path), "200")
    expect(decoded.data).toEqual(envelope.data)
  })

  it("a HEAD answer carries the headers of the GET", async () => {
    const head = await rawGet(api.url(), "/openapi.json", { "accept-encoding": "gzip" }, "HEAD")
    const get = await rawGet(api.url(), "/openapi.json", { "accept-encoding": "gzip" })
    expect([head.status, head.body.length]).toEqual([200, 0])
    expect(head.headers["content-encoding"]).toBe(get.headers["content-encoding"])
    expect(head.headers["content-length"]).toBe(get.headers["content-length"])
  })

  it("files are streamed as they are", async () => {
    const answer = await rawGet(api.url(), "/assets/big.txt", { "accept-encoding": "gzip" })
    expect(answer.status).toBe(200)
    expect(answer.headers["content-encoding"]).toBeUndefined()
    expect(answer.body.toString("utf8")).toBe(text)
  })
})
