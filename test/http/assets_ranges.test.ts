import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { decideAnswer, ifRangeHolds, noneMatchHits, parseRange } from "../../adapters/http/middleware/file_ranges.ts"
import { expectEnvelope, useServer } from "./support.ts"

/** An answer exactly as it came over the wire (fetch would hide some of it). */
interface RawAnswer {
  readonly status: number
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: Buffer
}

const raw = (base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) =>
  new Promise<RawAnswer>((resolve, reject) => {
    const url = new URL(base)
    const req = request({ host: url.hostname, port: url.port, path, method: init.method ?? "GET", headers: init.headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on("error", reject)
    }).on("error", reject)
    req.end(init.body)
  })

const decode = (base64: string) => JSON.parse(Buffer.from(base64, "base64").toString("utf8"))

const SHIPPED_AVATAR = fileURLToPath(
  new URL("../../adapters/catalogue_file/shipped/assets/avatars/avatar-01.png", import.meta.url)
)

describe("file_ranges", () => {
  it("reads the three single-range forms, clamps the end, and ignores several ranges and malformed headers", () => {
    expect(parseRange("bytes=2-5", 10)).toEqual({ _tag: "Partial", range: { start: 2, end: 5 } })
    expect(parseRange("bytes=7-", 10)).toEqual({ _tag: "Partial", range: { start: 7, end: 9 } })
    expect(parseRange("bytes=-3", 10)).toEqual({ _tag: "Partial", range: { start: 7, end: 9 } })
    expect(parseRange("bytes=-30", 10)).toEqual({ _tag: "Partial", range: { start: 0, end: 9 } })
    expect(parseRange("bytes=8-100", 10)).toEqual({ _tag: "Partial", range: { start: 8, end: 9 } })
    for (const unsatisfiable of ["bytes=10-", "bytes=10-20", "bytes=-0"]) {
      expect(parseRange(unsatisfiable, 10), unsatisfiable).toEqual({ _tag: "Unsatisfiable" })
    }
    for (const ignored of ["bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=-", "bytes=a-b", "bytes 0-1"]) {
      expect(parseRange(ignored, 10), ignored).toEqual({ _tag: "Whole" })
    }
  })

  it("compares entity tags weakly for If-None-Match and strongly for If-Range", () => {
    expect(noneMatchHits("*", undefined)).toBe(true)
    expect(noneMatchHits(`"a", W/"b,c"`, `"b,c"`)).toBe(true)
    expect(noneMatchHits(`"a"`, `"b"`)).toBe(false)
    expect(noneMatchHits(`"a"`, undefined)).toBe(false)
    expect(ifRangeHolds(`"b"`, `"b"`)).toBe(true)
    expect(ifRangeHolds(`W/"b"`, `"b"`)).toBe(false)
    expect(ifRangeHolds("Wed, 21 Oct 2015 07:28:00 GMT", `"b"`)).toBe(false)
  })

  it("puts If-None-Match before If-Modified-Since, and both before Range", () => {
    const file = { size: 10, etag: `"x"`, lastModified: new Date("2020-01-01T00:00:00.500Z") }
    const later = "Thu, 02 Jan 2020 00:00:00 GMT"
    expect(decideAnswer({ "if-modified-since": later, range: "bytes=0-1" }, file)._tag).toBe("NotModified")
    expect(decideAnswer({ "if-none-match": `"y"`, "if-modified-since": later }, file)._tag).toBe("Whole")
    expect(decideAnswer({ "if-modified-since": "Wed, 01 Jan 2020 00:00:00 GMT" }, file)._tag).toBe("NotModified")
    expect(decideAnswer({ "if-modified-since": "Tue, 31 Dec 2019 23:59:59 GMT" }, file)._tag).toBe("Whole")
  })
})

describe("GET /assets with ranges and validators", () => {
  const dir = mkdtempSync(join(tmpdir(), "qu-assets-ranges-"))
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))
  writeFileSync(join(dir, "song.mp3"), data)
  writeFileSync(join(dir, "empty.txt"), "")
  const api = useServer({ assetsDir: dir, jobWorkerIdle: null })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    raw(api.url(), path, { method, headers })

  it("answers the whole file with Accept-Ranges, a strong ETag, Last-Modified and Cache-Control", async () => {
    const whole = await get("/assets/song.mp3")
    expect(whole.status).toBe(200)
    expect(whole.body.equals(data)).toBe(true)
    expect(whole.headers).toMatchObject({
      "accept-ranges": "bytes",
      "content-type": "audio/mpeg",
      "content-length": "1000",
      "cache-control": "public, max-age=300"
    })
    expect(whole.headers["etag"]).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(whole.headers["last-modified"]).toMatch(/GMT$/)
    expect(whole.headers["content-range"]).toBeUndefined()
  })

  it("answers 206 with exactly the bytes of bytes=a-b, bytes=a- and bytes=-n", async () => {
    const etag = (await get("/assets/song.mp3", {}, "HEAD")).headers["etag"]
    const cases: ReadonlyArray<readonly [string, number, number]> = [
      ["bytes=0-1", 0, 1],
      ["bytes=100-199", 100, 199],
      ["bytes=990-", 990, 999],
      ["bytes=-10", 990, 999],
      ["bytes=500-5000", 500, 999]
    ]
    for (const [range, start, end] of cases) {
      const answer = await get("/assets/song.mp3", { range })
      expect(answer.status, range).toBe(206)
      expect(answer.headers["content-range"], range).toBe(`bytes ${start}-${end}/1000`)
      expect(answer.headers["content-length"], range).toBe(String(end - start + 1))
      expect(answer.headers["etag"], range).toBe(etag)
      expect(answer.headers["accept-ranges"], range).toBe("bytes")
      expect(answer.body.equals(data.subarray(start, end + 1)), range).toBe(true)
    }
  })

  it("answers 416 with bytes */size for an unsatisfiable range; several or malformed ranges get the whole file", async () => {
    const beyond = await get("/assets/song.mp3", { range: "bytes=1000-" })
    expect([beyond.status, beyond.headers["content-range"]]).toEqual([416, "bytes */1000"])
    const empty = await get("/assets/empty.txt", { range: "bytes=0-" })
    expect([empty.status, empty.headers["content-range"]]).toEqual([416, "bytes */0"])
    for (const range of ["bytes=0-1,5-6", "bytes=x-y", "pages=1-2"]) {
      const whole = await get("/assets/song.mp3", { range })
      expect([whole.status, whole.body.length], range).toEqual([200, 1000])
    }
  })

  it("answers 304 without a body to a matching If-None-Match (a list, weak, *), 200 to another", async () => {
    const etag = String((await get("/assets/song.mp3")).headers["etag"])
    for (const header of [etag, `"nope", W/${etag}`, "*"]) {
      const hit = await get("/assets/song.mp3", { "if-none-match": header, range: "bytes=0-1" })
      expect(hit.status, header).toBe(304)
      expect(hit.body.length, header).toBe(0)
      expect(hit.headers["etag"], header).toBe(etag)
      expect(hit.headers["cache-control"], header).toBe("public, max-age=300")
    }
    const miss = await get("/assets/song.mp3", { "if-none-match": `"other"` })
    expect([miss.status, miss.body.length, miss.headers["etag"]]).toEqual([200, 1000, etag])
  })

  it("honours If-Range only with the current strong ETag", async () => {
    const etag = String((await get("/assets/song.mp3")).headers["etag"])
    const matching = await get("/assets/song.mp3", { range: "bytes=10-19", "if-range": etag })
    expect([matching.status, matching.body.equals(data.subarray(10, 20))]).toEqual([206, true])
    for (const ifRange of [`"stale"`, `W/${etag}`, "Wed, 21 Oct 2015 07:28:00 GMT"]) {
      const stale = await get("/assets/song.mp3", { range: "bytes=10-19", "if-range": ifRange })
      expect([stale.status, stale.body.length, stale.headers["content-range"]], ifRange).toEqual([200, 1000, undefined])
    }
  })

  it("answers HEAD with the headers of the GET and no body", async () => {
    for (const headers of [{}, { range: "bytes=-10" }, { range: "bytes=2000-" }]) {
      const head = await get("/assets/song.mp3", headers, "HEAD")
      const body = await get("/assets/song.mp3", headers)
      expect(head.body.length).toBe(0)
      expect(head.status).toBe(body.status)
      for (const name of ["content-length", "content-range", "content-type", "etag", "accept-ranges", "cache-control"]) {
        expect(head.headers[name], `${name} ${JSON.stringify(headers)}`).toBe(body.headers[name])
      }
    }
  })

  it("ranges the shipped placeholders too; missing files and escaping paths stay plain 404s", async () => {
    const avatar = readFileSync(SHIPPED_AVATAR)
    const slice = await get("/assets/avatars/avatar-01.png", { range: "bytes=-8" })
    expect([slice.status, slice.headers["content-type"]]).toEqual([206, "image/png"])
    expect(slice.body.equals(avatar.subarray(avatar.length - 8))).toBe(true)
    const missing = await get("/assets/nothing.mp3", { range: "bytes=0-1" })
    expect([missing.status, missing.body.toString("utf8")]).toEqual([404, "Not found\n"])
    expect((await get("/assets/%2e%2e/%2e%2e/package.json", { range: "bytes=0-1" })).status).toBe(404)
  })
})

describe("GET /local-oss objects with ranges and validators", () => {
  const api = useServer({ jobWorkerIdle: null })
  const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256))
  const md5 = `"${createHash("md5").update(data).digest("hex").toUpperCase()}"`

  /** Issues an upload and PUTs `data` to it as the apps do; the object's path. */
  const upload = async () => {
    const { token } = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token, title: "t", fileName: "clip.mp4" }), "200")
    const address = decode(issued.data.uploadAddress)
    const path = `/local-oss/${address.Bucket}/${address.FileName}`
    const put = await raw(api.url(), path, {
      method: "PUT",
      headers: { "x-oss-security-token": decode(issued.data.uploadAuth).SecurityToken, "content-type": "video/mp4" },
      body: data
    })
    expect([put.status, put.headers["etag"]]).toEqual([200, md5])
    return path
  }

  it("PUT still works, and a second one without the token is refused", async () => {
    const path = await upload()
    expect((await raw(api.url(), path, { method: "PUT", body: Buffer.from("x") })).status).toBe(403)
    const whole = await raw(api.url(), path)
    expect([whole.status, whole.headers["etag"], whole.headers["accept-ranges"]]).toEqual([200, md5, "bytes"])
    expect(whole.body.equals(data)).toBe(true)
  })

  it("answers 206 for the three forms, 416 past the end, 304 to If-None-Match, and honours If-Range", async () => {
    const path = await upload()
    const cases: ReadonlyArray<readonly [string, number, number]> = [
      ["bytes=0-1", 0, 1],
      ["bytes=4000-", 4000, 4095],
      ["bytes=-96", 4000, 4095]
    ]
    for (const [range, start, end] of cases) {
      const answer = await raw(api.url(), path, { headers: { range } })
      expect([answer.status, answer.headers["content-range"], answer.headers["etag"]], range)
        .toEqual([206, `bytes ${start}-${end}/4096`, md5])
      expect(answer.headers["content-type"], range).toBe("video/mp4")
      expect(answer.body.equals(data.subarray(start, end + 1)), range).toBe(true)
    }
    const beyond = await raw(api.url(), path, { headers: { range: "bytes=4096-" } })
    expect([beyond.status, beyond.headers["content-range"]]).toEqual([416, "bytes */4096"])

    const hit = await raw(api.url(), path, { headers: { "if-none-match": `W/${md5}` } })
    expect([hit.status, hit.body.length, hit.headers["etag"]]).toEqual([304, 0, md5])
    const miss = await raw(api.url(), path, { headers: { "if-none-match": `"0"` } })
    expect([miss.status, miss.body.length]).toEqual([200, 4096])

    const current = await raw(api.url(), path, { headers: { range: "bytes=0-9", "if-range": md5 } })
    expect([current.status, current.body.length]).toEqual([206, 10])
    const stale = await raw(api.url(), path, { headers: { range: "bytes=0-9", "if-range": `"0"` } })
    expect([stale.status, stale.body.length, stale.headers["content-range"]]).toEqual([200, 4096, undefined])
  })

  it("answers HEAD with the headers of the GET and no body", async () => {
    const path = await upload()
    for (const headers of [{}, { range: "bytes=10-19" }, { "if-none-match": md5 }]) {
      const head = await raw(api.url(), path, { method: "HEAD", headers })
      const body = await raw(api.url(), path, { headers })
      expect([head.status, head.body.length]).toEqual([body.status, 0])
      for (const name of ["content-length", "content-range", "content-type", "etag", "accept-ranges"]) {
        expect(head.headers[name], `${name} ${JSON.stringify(headers)}`).toBe(body.headers[name])
      }
    }
  })
})
