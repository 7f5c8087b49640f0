import { Duration, Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { request } from "node:http"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { typeAHash } from "../../adapters/cdn/url_signer.ts"
import { memoryDatabase, pgliteDatabase } from "../../composition/databases.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { importCatalogue } from "../../core/use_cases/catalogue/import_catalogue.ts"
import { sampleCatalogue } from "../contracts/catalogue_repository.ts"
import { type Answer, expectEnvelope, useServer } from "./support.ts"

type Shape = Record<string, "S" | "I">
const CATEGORY: Shape = { id: "I", icon: "S", description: "S", name: "S", level: "I", preview: "S", sort: "I", type: "I", createTime: "S" }
const PASTER: Shape = { id: "I", fontId: "I", icon: "S", name: "S", url: "S", md5: "S", preview: "S", sort: "I", type: "I", createTime: "S" }
const MV: Shape = { id: "I", icon: "S", duration: "I", name: "S", previewPic: "S", previewMp4: "S", sort: "I", level: "I", createTime: "S" }
const FONT: Shape = { id: "I", name: "S", banner: "S", icon: "S", url: "S", md5: "S", level: "I", sort: "I" }
const MUSIC: Shape = { musicId: "S", title: "S", artistName: "S", duration: "S", source: "S", image: "S" }

/** Exact keys and JSON types of one object; `createTime` must be "yyyy-MM-dd HH:mm:ss". */
const expectShape = (item: Record<string, unknown>, shape: Shape, extra: ReadonlyArray<string> = []) => {
  expect(Object.keys(item).sort()).toEqual([...Object.keys(shape), ...extra].sort())
  for (const [key, type] of Object.entries(shape)) {
    if (type === "S") expect(typeof item[key], key).toBe("string")
    else expect(Number.isInteger(item[key]), key).toBe(true)
  }
  if ("createTime" in shape) expect(item.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
}

/** Integers on the wire are written as integers: `"id":3`, never `"id":"3"` nor `"id":3.0`. */
const expectRawInts = (answer: Answer, keys: ReadonlyArray<string>) => {
  for (const key of keys) {
    expect(answer.text, key).not.toMatch(new RegExp(`"${key}":("|-?\\d+\\.)`))
    expect(answer.text, key).toMatch(new RegExp(`"${key}":-?\\d+[,}]`))
  }
}

const masked = (a: Answer) => a.text.replace(/"requestId":"[0-9a-f-]{36}"/, "\"requestId\":\"\"")
const fastLines = (logs: ReadonlyArray<string>) => logs.filter((l) => l.includes("\"fastPath\":true")).length

const READS = [
  "/music/getRecommendMusic?pageNo=1&pageSize=10",
  "/music/getRecommendMusic?pageNo=3&pageSize=10",
  "/resource/getPasterInfo",
  "/resource/getPasterList?pasterId=1&type=1",
  "/resource/getPasterList?pasterId=2&type=2",
  "/resource/getFrontPasterList",
  "/resource/getTextPaster",
  "/resource/getTextPasterList?textPasterId=2",
  "/resource/getMv",
  "/resource/getFont",
  "/resource/getFont?fontId=3"
]

describe("HTTP catalogue endpoints on the shipped default catalogue", () => {
  const api = useServer({ cdnAuthKey: Option.some(Redacted.make("aliyuncdnexp1234")), cdnAuthValidity: 600 })

  it("getRecommendMusic pages the tracks; total and duration are strings, musicIds have 3+ characters", async () => {
    const first = expectEnvelope(await api.get("/music/getRecommendMusic", { pageNo: "1", pageSize: "20" }), "200").data
    expect(Object.keys(first)).toEqual(["total", "musicList"])
    expect(first.total).toMatch(/^\d+$/)
    expect(Number(first.total)).toBeGreaterThanOrEqual(20)
    expect(first.musicList.length).toBe(20)
    for (const track of first.musicList) {
      expectShape(track, MUSIC)
      expect(track.musicId.length).toBeGreaterThanOrEqual(3)
      expect(track.duration).toMatch(/^\d+$/)
      expect(track.image).toMatch(/^http:\/\/localhost:8080\/assets\//)
    }
    const second = expectEnvelope(await api.get("/music/getRecommendMusic", { pageNo: "2", pageSize: "20" }), "200").data
    expect(second.total).toBe(first.total)
    expect(second.musicList.length).toBe(Number(first.total) - 20)
    const beyond = expectEnvelope(await api.get("/music/getRecommendMusic", { pageNo: "50", pageSize: "50" }), "200").data
    expect(beyond.musicList).toEqual([])
  })

  it("getPlayPath answers a type-A signed URL and its expiry in unix seconds, as strings", async () => {
    const before = Math.floor(Date.now() / 1000)
    const answer = await api.get("/music/getPlayPath", { musicId: "qu-0001" })
    const after = Math.floor(Date.now() / 1000)
    const data = expectEnvelope(answer, "200").data
    expect(Object.keys(data)).toEqual(["playPath", "expireTime"])
    expect(answer.text).toMatch(/"expireTime":"\d+"/)
    const expireTime = Number(data.expireTime)
    expect(expireTime).toBeGreaterThanOrEqual(before + 3600)
    expect(expireTime).toBeLessThanOrEqual(after + 3600)
    const url = new URL(data.playPath)
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost:8080/assets/music/qu-0001.mp3")
    const [timestamp, rand, uid, hash] = url.searchParams.get("auth_key")!.split("-")
    expect(Number(timestamp)).toBe(expireTime - 600)
    expect(hash).toBe(typeAHash({ path: url.pathname, timestamp: Number(timestamp), rand: rand!, uid: uid!, privateKey: Redacted.make("aliyuncdnexp1234") }))
  })

  it("getPasterInfo and getTextPaster answer categories (type 1 and 2) with integer fields", async () => {
    for (const [path, type] of [["/resource/getPasterInfo", 1], ["/resource/getTextPaster", 2]] as const) {
      const answer = await api.get(path, { type: "2", PACKAGE_NAME: "com.example" })
      const data = expectEnvelope(answer, "200").data
      expect(data.length).toBeGreaterThan(0)
      for (const category of data) {
        expectShape(category, CATEGORY)
        expect(category.type).toBe(type)
      }
      expectRawInts(answer, ["id", "level", "sort", "type"])
    }
  })

  it("getPasterList answers one kind of a category's stickers; getFrontPasterList every front one", async () => {
    const front = await api.get("/resource/getPasterList", { pasterId: "1", type: "1" })
    const back = await api.get("/resource/getPasterList", { pasterId: "1", type: "2" })
    for (const [answer, type] of [[front, 1], [back, 2]] as const) {
      const data = expectEnvelope(answer, "200").data
      expect(data.length).toBeGreaterThan(0)
      for (const sticker of data) {
        expectShape(sticker, PASTER)
        expect([sticker.type, sticker.fontId]).toEqual([type, 0])
        expect(sticker.md5).toMatch(/^([0-9a-f]{32})?$/)
      }
      expectRawInts(answer, ["id", "fontId", "sort", "type"])
    }
    const all = expectEnvelope(await api.get("/resource/getFrontPasterList"), "200").data
    expect(all.length).toBeGreaterThan(0)
    expect(all.every((s: { type: number }) => s.type === 1)).toBe(true)
  })

  it("getTextPasterList answers captions with their fontId; getFont one font or all of them", async () => {
    const fonts = expectEnvelope(await api.get("/resource/getFont"), "200").data
    expect(fonts.length).toBeGreaterThanOrEqual(3)
    for (const font of fonts) expectShape(font, FONT)
    const answer = await api.get("/resource/getTextPasterList", { textPasterId: "1" })
    const captions = expectEnvelope(answer, "200").data
    for (const caption of captions) {
      expectShape(caption, PASTER)
      expect(caption.type).toBe(0)
      expect(fonts.map((f: { id: number }) => f.id)).toContain(caption.fontId)
    }
    expectRawInts(answer, ["id", "fontId", "sort", "type"])
    const one = await api.get("/resource/getFont", { fontId: String(captions[0].fontId) })
    const font = expectEnvelope(one, "200").data
    expectShape(font, FONT)
    expect(font).toEqual(fonts.find((f: { id: number }) => f.id === captions[0].fontId))
    expectRawInts(one, ["id", "level", "sort"])
  })

  it("getMv answers MVs with an integer duration and one download per aspect 1, 2, 3", async () => {
    const answer = await api.get("/resource/getMv")
    const mvs = expectEnvelope(answer, "200").data
    expect(mvs.length).toBeGreaterThanOrEqual(3)
    for (const mv of mvs) {
      expectShape(mv, MV, ["aspectList"])
      expect(mv.aspectList.map((a: { aspect: number }) => a.aspect)).toEqual([1, 2, 3])
      for (const a of mv.aspectList) expectShape(a, { aspect: "I", download: "S", md5: "S" })
    }
    expectRawInts(answer, ["id", "duration", "sort", "level", "aspect"])
  })

  it("bad parameters answer 400 naming the parameter; unknown ids 404", async () => {
    const bad: Array<[string, Record<string, string>, string]> = [
      ["/music/getRecommendMusic", { pageNo: "0", pageSize: "10" }, "pageNo"],
      ["/music/getRecommendMusic", { pageNo: "1", pageSize: "51" }, "pageSize"],
      ["/music/getRecommendMusic", { pageSize: "10" }, "pageNo"],
      ["/music/getRecommendMusic", { pageNo: "x", pageSize: "10" }, "pageNo"],
      ["/music/getPlayPath", { musicId: "ab" }, "musicId"],
      ["/resource/getPasterList", { type: "1" }, "pasterId"],
      ["/resource/getPasterList", { pasterId: "1", type: "3" }, "type"],
      ["/resource/getTextPasterList", { textPasterId: "1.5" }, "textPasterId"],
      ["/resource/getFont", { fontId: "0" }, "fontId"]
    ]
    for (const [path, params, name] of bad) {
      expect(expectEnvelope(await api.get(path, params), "400").message, `${path} ${JSON.stringify(params)}`).toContain(name)
    }
    const unknown: Array<[string, Record<string, string>]> = [
      ["/music/getPlayPath", { musicId: "no-such-track" }],
      ["/resource/getPasterList", { pasterId: "999", type: "1" }],
      ["/resource/getTextPasterList", { textPasterId: "999" }],
      ["/resource/getFont", { fontId: "999" }]
    ]
    for (const [path, params] of unknown) expectEnvelope(await api.get(path, params), "404")
  })
})

describe("the catalogue fast path", () => {
  const fast = useServer()
  const slow = useServer({ fastPath: false })

  it("answers the bytes the app answers, with a fresh request id, the header and a log line each", async () => {
    for (const path of READS) {
      await fast.get(path)
      const before = fastLines(fast.logs())
      const [one, two, app] = [await fast.get(path), await fast.get(path), await slow.get(path)]
      expect(fastLines(fast.logs()) - before, path).toBe(2)
      expectEnvelope(one, "200")
      expectEnvelope(two, "200")
      expect(one.json.requestId).not.toBe(two.json.requestId)
      expect(masked(one), path).toBe(masked(app))
      expect(masked(two)).toBe(masked(app))
      expect(fast.logs().filter((l) => l.includes(two.json.requestId)).length).toBe(1)
    }
    expect(fastLines(slow.logs())).toBe(0)
  })

  it("leaves unusual requests to the app, which answers them alike", async () => {
    await fast.get("/resource/getPasterList?pasterId=1&type=1")
    const before = fastLines(fast.logs())
    const canonical = await fast.call("/resource/getPasterList?pasterId=1&type=1")
    const padded = await fast.call("/resource/getPasterList?pasterId=01&type=1")
    const encoded = await fast.call("/resource/getPasterList?paster%49d=1&type=1")
    const posted = await fast.call("/resource/getPasterInfo", { method: "POST" })
    expect(fastLines(fast.logs()) - before).toBe(1)
    expect(masked(padded)).toBe(masked(canonical))
    expect(masked(encoded)).toBe(masked(canonical))
    expectEnvelope(posted, "404")
  })
})

describe("catalogue cache invalidation", () => {
  const api = useServer()

  it("an import through the server's own catalogue shows at the next read, on the fast path too", async () => {
    const server = api.server()
    const read = () => api.call("/resource/getPasterInfo")
    await read()
    expect(expectEnvelope(await read(), "200").data[0].name).toBe("萌萌表情")
    await server.runCatalogue(importCatalogue({ catalogue: sampleCatalogue(3), mode: "replace" }))
    const after = expectEnvelope(await read(), "200").data
    expect(after.map((c: { name: string }) => c.name)).toEqual(["新年", "情人节"])
    const before = fastLines(server.logs)
    expect(expectEnvelope(await read(), "200").data).toEqual(after)
    expect(fastLines(server.logs) - before).toBe(1)
    expectEnvelope(await api.call("/music/getPlayPath?musicId=qu-0001"), "404")
  })
})

describe("catalogue cache across processes", () => {
  // One database shared with "another process": the test imports through the repositories, not through the server.
  const shared = ManagedRuntime.make(memoryDatabase)
  const database = Layer.effectContext(Effect.map(shared.runtimeEffect, (rt) => rt.context))
  const api = useServer({ database, catalogueCacheTtl: Duration.millis(200) })
  afterAll(() => shared.dispose())

  it("an import by another process shows once the cache TTL has passed", async () => {
    expect(expectEnvelope(await api.get("/resource/getMv"), "200").data.length).toBe(3)
    await shared.runPromise(Effect.gen(function*() {
      const { revision } = yield* (yield* CatalogueReader).load
      yield* (yield* CatalogueAdmin).replace(sampleCatalogue(5), revision)
    }))
    let names: Array<string> = []
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && names[0] !== "relax";) {
      names = expectEnvelope(await api.get("/resource/getMv"), "200").data.map((mv: { name: string }) => mv.name)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(names).toEqual(["relax"])
  })
})

describe("first start on the embedded database", () => {
  const api = useServer({ database: pgliteDatabase() })

  it("loads the default catalogue in its transaction, so every catalogue endpoint answers data", async () => {
    for (const path of READS) {
      const data = expectEnvelope(await api.call(path), "200").data
      expect(Array.isArray(data) ? data.length : Object.keys(data).length, path).toBeGreaterThan(0)
    }
  })
})

describe("static assets", () => {
  const dir = mkdtempSync(join(tmpdir(), "qu-assets-"))
  mkdirSync(join(dir, "stickers"))
  writeFileSync(join(dir, "stickers", "节日.zip"), "mine\n")
  const api = useServer({ assetsDir: dir })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("serves /assets/* from the data directory first, then the shipped placeholders; plain 404 otherwise", async () => {
    const avatar = await api.call("/assets/avatars/avatar-01.png")
    expect(avatar.status).toBe(200)
    expect(avatar.headers.get("content-type")).toBe("image/png")
    const own = await api.call("/assets/stickers/%E8%8A%82%E6%97%A5.zip")
    expect([own.status, own.text]).toEqual([200, "mine\n"])
    const head = await api.call("/assets/stickers/%E8%8A%82%E6%97%A5.zip", { method: "HEAD" })
    expect([head.status, head.headers.get("content-length")]).toEqual([200, "5"])
    expect((await api.call("/assets/nothing.png")).status).toBe(404)
    // fetch would normalize the dots away; node:http sends the path as written.
    const escaped = await new Promise<number>((resolve, reject) => {
      const url = new URL(api.url())
      request({ host: url.hostname, port: url.port, path: "/assets/%2e%2e/%2e%2e/package.json" }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }).on("error", reject).end()
    })
    expect(escaped).toBe(404)
  })
})
