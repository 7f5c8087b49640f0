import { DateTime, Either } from "effect"
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { crc32, inflateRawSync, inflateSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { decodeCatalogueFile } from "../../adapters/catalogue_file/catalogue_file.ts"
import { DEFAULT_CATALOGUE_FILE, SHIPPED_ASSETS_DIR } from "../../adapters/catalogue_file/shipped.ts"
import { generateAssets, withMd5s } from "../../bench/generate_shipped_assets.ts"
import { useServer } from "../http/support.ts"

const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex")
const text = readFileSync(DEFAULT_CATALOGUE_FILE, "utf8")
const raw = JSON.parse(text) as Record<string, unknown>

// The fields of the catalogue file that hold a picture or a download, and the md5 field that goes with a download.
const REFERENCE_KEYS = new Set(["url", "image", "icon", "preview", "banner", "previewPic", "previewMp4"])

interface Reference {
  readonly path: string
  readonly ref: string
  readonly md5: string | undefined
}

/** Every asset reference of the catalogue file, with its JSON path and the md5 written next to it. */
const references = (value: unknown, path = "$"): Array<Reference> => {
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, `${path}[${i}]`))
  if (value === null || typeof value !== "object") return []
  const object = value as Record<string, unknown>
  return Object.entries(object).flatMap(([key, v]) =>
    REFERENCE_KEYS.has(key) && typeof v === "string" && v !== ""
      ? [{ path: `${path}.${key}`, ref: v, md5: key === "url" && typeof object.md5 === "string" ? object.md5 : undefined }]
      : references(v, `${path}.${key}`)
  )
}

const ALL = references(raw)
const fileOf = (ref: string) => join(SHIPPED_ASSETS_DIR, ...ref.split("/"))
const extension = (ref: string) => ref.slice(ref.lastIndexOf(".") + 1).toLowerCase()

// ----------------------------------------------------------------------------------------------------- validators

/** PNG signature, chunks whose CRCs match, IHDR first, IDAT that inflates to the size IHDR implies, IEND last. */
const checkPng = (bytes: Buffer) => {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  const types: Array<string> = []
  const idat: Array<Buffer> = []
  let at = 8
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.subarray(at + 4, at + 8)
    const data = bytes.subarray(at + 8, at + 8 + length)
    expect(bytes.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(Buffer.concat([type, data])))
    types.push(type.toString("latin1"))
    if (type.toString("latin1") === "IDAT") idat.push(data)
    at += 12 + length
  }
  expect(at).toBe(bytes.length)
  expect(types[0]).toBe("IHDR")
  expect(types.at(-1)).toBe("IEND")
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const bitsPerPixel = bytes[24]! * ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[bytes[25]!]!
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + Math.ceil((width * bitsPerPixel) / 8)))
}

/** ID3v2 (optional), then MPEG audio frames back to back up to the end, at least one second of them. */
const checkMp3 = (bytes: Buffer) => {
  let at = 0
  if (bytes.subarray(0, 3).toString("latin1") === "ID3") {
    const size = (bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!
    at = 10 + size
  }
  const BITRATES: Record<string, ReadonlyArray<number>> = {
    "1": [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    "2": [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
  }
  const RATES: Record<number, ReadonlyArray<number>> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] }
  let seconds = 0
  let frames = 0
  while (at < bytes.length) {
    const header = bytes.readUInt32BE(at)
    expect(header >>> 21, `frame sync at ${at}`).toBe(0x7ff)
    const version = (header >>> 19) & 3
    expect((header >>> 17) & 3, "layer III").toBe(1)
    const bitrate = BITRATES[version === 3 ? "1" : "2"]![(header >>> 12) & 15]! * 1000
    const rate = RATES[version]![(header >>> 10) & 3]!
    const padding = (header >>> 9) & 1
    const samples = version === 3 ? 1152 : 576
    const length = Math.floor((samples / 8) * bitrate / rate) + padding
    expect(bitrate).toBeGreaterThan(0)
    at += length
    seconds += samples / rate
    frames++
  }
  expect(at).toBe(bytes.length)
  expect(frames).toBeGreaterThan(0)
  expect(seconds).toBeGreaterThanOrEqual(1)
}

/** A ZIP whose end record, central directory and local headers agree and whose entries' CRC-32s match. */
const checkZip = (bytes: Buffer): Map<string, Buffer> => {
  expect(bytes.readUInt32LE(0)).toBe(0x04034b50)
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  expect(end).toBeGreaterThan(0)
  const count = bytes.readUInt16LE(end + 10)
  const directorySize = bytes.readUInt32LE(end + 12)
  const directoryOffset = bytes.readUInt32LE(end + 16)
  expect(directoryOffset + directorySize).toBe(end)
  const entries = new Map<string, Buffer>()
  let at = directoryOffset
  for (let i = 0; i < count; i++) {
    expect(bytes.readUInt32LE(at)).toBe(0x02014b50)
    const method = bytes.readUInt16LE(at + 10)
    const crc = bytes.readUInt32LE(at + 16)
    const compressed = bytes.readUInt32LE(at + 20)
    const size = bytes.readUInt32LE(at + 24)
    const nameLength = bytes.readUInt16LE(at + 28)
    const extra = bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8")
    expect(bytes.readUInt32LE(local), `${name} local header`).toBe(0x04034b50)
    expect(bytes.subarray(local + 30, local + 30 + nameLength).toString("utf8")).toBe(name)
    const dataAt = local + 30 + nameLength + bytes.readUInt16LE(local + 28)
    const stored = bytes.subarray(dataAt, dataAt + compressed)
    expect([0, 8]).toContain(method)
    const data = method === 0 ? stored : inflateRawSync(stored)
    expect(data.length, `${name} size`).toBe(size)
    expect(crc32(data), `${name} CRC-32`).toBe(crc)
    entries.set(name, data)
    at += 46 + nameLength + extra
  }
  expect(at).toBe(end)
  return entries
}

/** A package: a zip of one folder holding a config.json that parses and PNG pictures. */
const checkPackage = (bytes: Buffer) => {
  const entries = checkZip(bytes)
  const folders = new Set([...entries.keys()].map((name) => name.split("/")[0]))
  expect(folders.size).toBe(1)
  const config = [...entries].find(([name]) => name.endsWith("/config.json"))
  expect(config).toBeDefined()
  expect(() => JSON.parse(config![1].toString("utf8"))).not.toThrow()
  const pictures = [...entries].filter(([name]) => name.endsWith(".png"))
  expect(pictures.length).toBeGreaterThan(0)
  for (const [, picture] of pictures) checkPng(picture)
}

const children = (bytes: Buffer, from: number, to: number) => {
  const boxes: Array<{ type: string; start: number; body: number; end: number }> = []
  let at = from
  while (at < to) {
    const size = bytes.readUInt32BE(at)
    expect(size).toBeGreaterThanOrEqual(8)
    boxes.push({ type: bytes.subarray(at + 4, at + 8).toString("latin1"), start: at, body: at + 8, end: at + size })
    at += size
  }
  expect(at).toBe(to)
  return boxes
}

/** An MP4: ftyp first, top-level boxes spanning the file, an avc1 video track whose chunk offset lies in mdat. */
const checkMp4 = (bytes: Buffer) => {
  const top = children(bytes, 0, bytes.length)
  expect(top[0]!.type).toBe("ftyp")
  const moov = top.find((b) => b.type === "moov")!
  const mdat = top.find((b) => b.type === "mdat")!
  expect(moov).toBeDefined()
  expect(mdat).toBeDefined()
  const find = (within: { body: number; end: number }, path: ReadonlyArray<string>): { body: number; end: number } =>
    path.reduce((box, type) => {
      const found = children(bytes, box.body, box.end).find((b) => b.type === type)
      expect(found, type).toBeDefined()
      return found!
    }, within)
  const stbl = find(moov, ["trak", "mdia", "minf", "stbl"])
  const stsd = find(stbl, ["stsd"])
  expect(bytes.subarray(stsd.body + 12, stsd.body + 16).toString("latin1")).toBe("avc1")
  expect(bytes.includes(Buffer.from("avcC"), stsd.body)).toBe(true)
  const stco = find(stbl, ["stco"])
  const chunkOffset = bytes.readUInt32BE(stco.body + 8)
  const stsz = find(stbl, ["stsz"])
  const sampleCount = bytes.readUInt32BE(stsz.body + 8)
  let total = 0
  for (let i = 0; i < sampleCount; i++) total += bytes.readUInt32BE(stsz.body + 12 + 4 * i)
  expect(chunkOffset).toBe(mdat.body)
  expect(chunkOffset + total).toBe(mdat.end)
}

/** A TrueType/OpenType font: its table directory inside the file, table checksums and the whole-font checksum. */
const checkFont = (bytes: Buffer) => {
  const version = bytes.readUInt32BE(0)
  expect([0x00010000, 0x4f54544f]).toContain(version)
  const sum = (data: Buffer) => {
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)])
    let s = 0
    for (let i = 0; i < padded.length; i += 4) s = (s + padded.readUInt32BE(i)) >>> 0
    return s
  }
  const tables = new Map<string, Buffer>()
  const count = bytes.readUInt16BE(4)
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i
    const tag = bytes.subarray(at, at + 4).toString("latin1")
    const offset = bytes.readUInt32BE(at + 8)
    const length = bytes.readUInt32BE(at + 12)
    expect(offset + length).toBeLessThanOrEqual(bytes.length)
    const data = Buffer.from(bytes.subarray(offset, offset + length))
    if (tag === "head") data.writeUInt32BE(0, 8)
    expect(sum(data), `${tag} checksum`).toBe(bytes.readUInt32BE(at + 4))
    tables.set(tag, data)
  }
  for (const tag of ["cmap", "head", "hhea", "hmtx", "maxp", "name", "post", "OS/2"]) expect(tables.has(tag), tag).toBe(true)
  expect(tables.get("head")!.readUInt32BE(12)).toBe(0x5f0f3cf5)
  expect(sum(bytes)).toBe(0xb1b0afba)
}

const CHECKS: Record<string, (bytes: Buffer) => void> = {
  png: checkPng,
  mp3: checkMp3,
  zip: checkPackage,
  mp4: checkMp4,
  ttf: checkFont
}

const MEDIA_TYPES: Record<string, string> = {
  png: "image/png",
  mp3: "audio/mpeg",
  zip: "application/zip",
  mp4: "video/mp4",
  ttf: "font/ttf"
}

// ---------------------------------------------------------------------------------------------------------- tests

describe("the shipped default catalogue's assets", () => {
  it("the catalogue is valid and names downloads of every kind", () => {
    expect(Either.isRight(decodeCatalogueFile(text, DateTime.unsafeMake(0)))).toBe(true)
    const kinds = new Set(ALL.map((r) => extension(r.ref)))
    expect([...kinds].sort()).toEqual(["mp3", "mp4", "png", "ttf", "zip"])
    expect(ALL.filter((r) => r.md5 !== undefined).length).toBe(13 + 6 + 9 + 3)
  })

  it("every reference is a relative path to a shipped file of its kind, and every md5 is that file's", () => {
    for (const { path, ref, md5: written } of ALL) {
      expect(ref, path).not.toMatch(/^https?:/)
      expect(existsSync(fileOf(ref)), `${path}: ${ref}`).toBe(true)
      const bytes = readFileSync(fileOf(ref))
      const check = CHECKS[extension(ref)]
      expect(check, `${path}: ${ref}`).toBeDefined()
      check!(bytes)
      if (written !== undefined) expect(written, `${path} md5`).toBe(md5(bytes))
    }
  })

  it("the shipped files and md5s are what bench/generate_shipped_assets.ts writes", () => {
    const files = generateAssets(JSON.parse(text))
    expect(files.size).toBeGreaterThan(0)
    for (const [ref, bytes] of files) expect(readFileSync(fileOf(ref)).equals(bytes), ref).toBe(true)
    expect(JSON.stringify(withMd5s(JSON.parse(text), files), null, 2) + "\n").toBe(text)
  })

  it("together they stay small (they ship in the package)", () => {
    const total = [...new Set(ALL.map((r) => r.ref))].reduce((s, ref) => s + readFileSync(fileOf(ref)).length, 0)
    expect(total).toBeLessThan(300 * 1024)
  })
})

describe("the shipped assets over HTTP", () => {
  const api = useServer()
  const BASE = "http://localhost:8080"

  it("the downloads the catalogue endpoints answer are served from /assets/ with their type and md5", async () => {
    const downloads: Array<{ url: string; md5: string }> = []
    const fonts = (await api.get("/resource/getFont")).json.data as Array<{ url: string; md5: string; icon: string }>
    downloads.push(...fonts.map((f) => ({ url: f.url, md5: f.md5 })), { url: fonts[0]!.icon, md5: "" })
    const mvs = (await api.get("/resource/getMv")).json.data as Array<{ previewMp4: string; aspectList: Array<{ download: string; md5: string }> }>
    downloads.push({ url: mvs[0]!.previewMp4, md5: "" }, ...mvs[0]!.aspectList.map((a) => ({ url: a.download, md5: a.md5 })))
    const stickers = (await api.get("/resource/getFrontPasterList")).json.data as Array<{ url: string; md5: string }>
    downloads.push(...stickers.slice(0, 2).map((s) => ({ url: s.url, md5: s.md5 })))
    const captions = (await api.get("/resource/getTextPasterList", { textPasterId: "1" })).json.data as Array<{ url: string; md5: string }>
    downloads.push({ url: captions[0]!.url, md5: captions[0]!.md5 })
    const play = (await api.get("/music/getPlayPath", { musicId: "qu-0001" })).json.data as { playPath: string }
    downloads.push({ url: play.playPath, md5: "" })

    for (const { url, md5: answered } of downloads) {
      expect(url.startsWith(`${BASE}/assets/`), url).toBe(true)
      const answer = await fetch(url.replace(BASE, api.url()))
      const bytes = Buffer.from(await answer.arrayBuffer())
      expect(answer.status, url).toBe(200)
      const kind = extension(new URL(url).pathname)
      expect(answer.headers.get("content-type"), url).toBe(MEDIA_TYPES[kind])
      CHECKS[kind]!(bytes)
      if (answered !== "") expect(md5(bytes), url).toBe(answered)
    }
  })
})
