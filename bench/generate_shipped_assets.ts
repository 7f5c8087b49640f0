/**
 * Writes the downloads the shipped default catalogue names (music, sticker / caption / MV packages, MV previews,
 * fonts) under adapters/catalogue_file/shipped/assets/ and sets every md5 field of default_catalogue.json to the md5
 * of the file it names. Deterministic: no clock, no randomness, no compression library whose output could change
 * between Node versions (PNG and ZIP data are stored, not deflated), so running it again rewrites the same bytes.
 *
 *   npx vite-node bench/generate_shipped_assets.ts          # write the files and the md5s
 *   npx vite-node bench/generate_shipped_assets.ts --check  # exit 1 when a shipped file or md5 differs
 *
 * Formats (all tiny, about 125 kB together):
 * - music `*.mp3`: an ID3v2.4 tag (title, artist) and 3 s of silent MPEG-2 Layer III frames (24 kHz, 8 kbit/s, mono:
 *   24-byte frames whose side information and main data are zero, which every decoder plays as silence).
 * - packages `*.zip` (stickers, captions, MVs — the apps download and unzip them): stored entries with CRC-32s and a
 *   central directory, in a folder named after the package: `config.json` and small PNG pictures.
 * - MV previews `*.mp4`: one second of a 16×16 H.264 (Constrained Baseline) video, one I_PCM frame per second.
 * - fonts `*.ttf`: TrueType fonts made here (MIT, like the project): .notdef, space, and one simple shape for printable
 *   ASCII; the system falls back for other characters.
 */
import { createHash } from "node:crypto"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { crc32 } from "node:zlib"

// ---------------------------------------------------------------------------------------------------------- bytes

const u8 = (n: number) => Buffer.from([n & 0xff])
const u16 = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n & 0xffff)
  return b
}
const u32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
const u16le = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n & 0xffff)
  return b
}
const u32le = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}
const ascii = (s: string) => Buffer.from(s, "latin1")
const cat = (...parts: ReadonlyArray<Buffer>) => Buffer.concat(parts)

export const md5 = (bytes: Buffer): string => createHash("md5").update(bytes).digest("hex")

// ------------------------------------------------------------------------------------------------------------ PNG

const adler32 = (data: Buffer) => {
  let a = 1
  let b = 0
  for (const byte of data) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/** A zlib stream of stored (uncompressed) deflate blocks: the same bytes whatever zlib the runtime has. */
const zlibStored = (data: Buffer) => {
  const blocks: Array<Buffer> = []
  for (let at = 0; at < data.length || blocks.length === 0; at += 65535) {
    const chunk = data.subarray(at, at + 65535)
    const last = at + 65535 >= data.length
    blocks.push(u8(last ? 1 : 0), u16le(chunk.length), u16le(~chunk.length), chunk)
  }
  return cat(Buffer.from([0x78, 0x01]), ...blocks, u32(adler32(data)))
}

const pngChunk = (type: string, data: Buffer) => cat(u32(data.length), ascii(type), data, u32(crc32(cat(ascii(type), data))))

/** A `size`×`size` 1-bit palette PNG: `shape(x, y)` picks the foreground; the background may be transparent. */
export const png = (size: number, background: number, foreground: number, shape: (x: number, y: number) => boolean, transparent = false) => {
  const rowBytes = Math.ceil(size / 8)
  const raw = Buffer.alloc((rowBytes + 1) * size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (shape(x, y)) raw[y * (rowBytes + 1) + 1 + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  }
  const rgb = (c: number) => Buffer.from([(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff])
  return cat(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", cat(u32(size), u32(size), Buffer.from([1, 3, 0, 0, 0]))),
    pngChunk("PLTE", cat(rgb(background), rgb(foreground))),
    ...(transparent ? [pngChunk("tRNS", Buffer.from([0x00]))] : []),
    pngChunk("IDAT", zlibStored(raw)),
    pngChunk("IEND", Buffer.alloc(0))
  )
}

const disc = (size: number, r: number) => (x: number, y: number) => (x - size / 2 + 0.5) ** 2 + (y - size / 2 + 0.5) ** 2 <= r * r

// ------------------------------------------------------------------------------------------------------------ ZIP

// 2024-05-01 00:00:00, the catalogue's first date, in MS-DOS form: a fixed time keeps the archives deterministic.
const DOS_TIME = 0
const DOS_DATE = ((2024 - 1980) << 9) | (5 << 5) | 1

/** A ZIP archive of stored entries (method 0) with UTF-8 names, CRC-32s and a central directory. */
export const zip = (entries: ReadonlyArray<readonly [name: string, data: Buffer]>) => {
  const locals: Array<Buffer> = []
  const centrals: Array<Buffer> = []
  let offset = 0
  for (const [name, data] of entries) {
    const fileName = Buffer.from(name, "utf8")
    const crc = crc32(data)
    const common = cat(u16le(0x0800), u16le(0), u16le(DOS_TIME), u16le(DOS_DATE), u32le(crc), u32le(data.length), u32le(data.length), u16le(fileName.length), u16le(0))
    const local = cat(u32le(0x04034b50), u16le(10), common, fileName, data)
    centrals.push(cat(u32le(0x02014b50), u16le(0x031e), u16le(10), common, u16le(0), u16le(0), u16le(0), u32le(0o100644 << 16), u32le(offset), fileName))
    locals.push(local)
    offset += local.length
  }
  const directory = cat(...centrals)
  const end = cat(u32le(0x06054b50), u16le(0), u16le(0), u16le(entries.length), u16le(entries.length), u32le(directory.length), u32le(offset), u16le(0))
  return cat(...locals, directory, end)
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + "\n", "utf8")

// ------------------------------------------------------------------------------------------------------------ MP3

const synchsafe = (n: number) => u32(((n & 0x0fe00000) << 3) | ((n & 0x1fc000) << 2) | ((n & 0x3f80) << 1) | (n & 0x7f))

const id3Text = (id: string, text: string) => {
  const body = cat(u8(3), Buffer.from(text, "utf8")) // encoding 3: UTF-8
  return cat(ascii(id), synchsafe(body.length), u16(0), body)
}

/** MPEG-2 Layer III, 8 kbit/s, 24 kHz, mono, no CRC: 24 bytes a frame, 576 samples (24 ms). */
const MP3_FRAME = cat(Buffer.from([0xff, 0xf3, 0x14, 0xc0]), Buffer.alloc(20))
export const MP3_FRAME_SECONDS = 576 / 24000

/** An ID3v2.4 tag naming the track, then `seconds` of silent frames. */
export const silentMp3 = (seconds: number, title: string, artist: string) => {
  const frames = cat(id3Text("TIT2", title), id3Text("TPE1", artist), id3Text("TSSE", "qu-appserver generate_shipped_assets"))
  const tag = cat(ascii("ID3"), Buffer.from([4, 0, 0]), synchsafe(frames.length), frames)
  const count = Math.round(seconds / MP3_FRAME_SECONDS)
  return cat(tag, ...Array.from({ length: count }, () => MP3_FRAME))
}

// ------------------------------------------------------------------------------------------------------------ MP4

/** Exp-Golomb and fixed-width bits, most significant first, for the H.264 parameter sets and slice header. */
class Bits {
  private readonly bits: Array<number> = []
  u(width: number, value: number) {
    for (let i = width - 1; i >= 0; i--) this.bits.push((value >> i) & 1)
    return this
  }
  ue(value: number) {
    const v = value + 1
    const width = 32 - Math.clz32(v)
    return this.u(width - 1, 0).u(width, v)
  }
  se(value: number) {
    return this.ue(value <= 0 ? -2 * value : 2 * value - 1)
  }
  align() {
    while (this.bits.length % 8 !== 0) this.bits.push(0)
    return this
  }
  trailing() {
    this.bits.push(1)
    return this.align()
  }
  get aligned() {
    return this.bits.length % 8 === 0
  }
  bytes() {
    const out = Buffer.alloc(this.bits.length >> 3)
    for (let i = 0; i < out.length; i++) {
      let b = 0
      for (let j = 0; j < 8; j++) b = (b << 1) | this.bits[i * 8 + j]!
      out[i] = b
    }
    return out
  }
}

/** Inserts emulation-prevention bytes so no 00 00 0x (x ≤ 3) occurs inside a NAL unit. */
const escapeRbsp = (rbsp: Buffer) => {
  const out: Array<number> = []
  let zeros = 0
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3)
      zeros = 0
    }
    out.push(byte)
    zeros = byte === 0 ? zeros + 1 : 0
  }
  return Buffer.from(out)
}

const nal = (header: number, rbsp: Buffer) => cat(u8(header), escapeRbsp(rbsp))

// 16×16 pixels: one macroblock. profile 66 with constraint_set1 (Constrained Baseline), level 1.0.
const H264_PROFILE = 66
const H264_COMPAT = 0x40
const H264_LEVEL = 10

const sps = () =>
  nal(0x67, new Bits()
    .u(8, H264_PROFILE).u(8, H264_COMPAT).u(8, H264_LEVEL)
    .ue(0) // seq_parameter_set_id
    .ue(0) // log2_max_frame_num_minus4
    .ue(2) // pic_order_cnt_type
    .ue(1) // max_num_ref_frames
    .u(1, 0) // gaps_in_frame_num_value_allowed_flag
    .ue(0) // pic_width_in_mbs_minus1
    .ue(0) // pic_height_in_map_units_minus1
    .u(1, 1) // frame_mbs_only_flag
    .u(1, 1) // direct_8x8_inference_flag
    .u(1, 0) // frame_cropping_flag
    .u(1, 0) // vui_parameters_present_flag
    .trailing().bytes())

const pps = () =>
  nal(0x68, new Bits()
    .ue(0).ue(0) // pic_parameter_set_id, seq_parameter_set_id
    .u(1, 0) // entropy_coding_mode_flag: CAVLC
    .u(1, 0) // bottom_field_pic_order_in_frame_present_flag
    .ue(0) // num_slice_groups_minus1
    .ue(0).ue(0) // num_ref_idx_l0/l1_default_active_minus1
    .u(1, 0).u(2, 0) // weighted_pred_flag, weighted_bipred_idc
    .se(0).se(0).se(0) // pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
    .u(1, 1) // deblocking_filter_control_present_flag
    .u(1, 0) // constrained_intra_pred_flag
    .u(1, 0) // redundant_pic_cnt_present_flag
    .trailing().bytes())

/** An IDR picture of one I_PCM macroblock: the samples are written as they are, no transform or entropy coding. */
const idrSlice = (idrPicId: number, y: number, cb: number, cr: number) => {
  const bits = new Bits()
    .ue(0) // first_mb_in_slice
    .ue(7) // slice_type: I, all slices of the picture
    .ue(0) // pic_parameter_set_id
    .u(4, 0) // frame_num (log2_max_frame_num = 4)
    .ue(idrPicId) // idr_pic_id
    .u(1, 0).u(1, 0) // dec_ref_pic_marking: no_output_of_prior_pics_flag, long_term_reference_flag
    .se(0) // slice_qp_delta
    .ue(1) // disable_deblocking_filter_idc: off
    .ue(25) // mb_type I_PCM
  bits.align() // pcm_alignment_zero_bit
  const samples = cat(Buffer.alloc(256, y), Buffer.alloc(64, cb), Buffer.alloc(64, cr))
  // No rbsp_slice_trailing_bits inside the PCM samples: they follow them, then the stop bit.
  return nal(0x65, cat(bits.bytes(), samples, Buffer.from([0x80])))
}

const box = (type: string, ...parts: ReadonlyArray<Buffer>) => {
  const body = cat(...parts)
  return cat(u32(body.length + 8), ascii(type), body)
}
const fullBox = (type: string, version: number, flags: number, ...parts: ReadonlyArray<Buffer>) =>
  box(type, u32((version << 24) | flags), ...parts)

const MATRIX = cat(u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000))

/** A one-track MP4 (isom/avc1) of `frames.length` seconds, one sync sample per second; 16×16 pixels. */
export const mp4 = (colours: ReadonlyArray<readonly [y: number, cb: number, cr: number]>) => {
  const timescale = 1000
  const spsNal = sps()
  const ppsNal = pps()
  const samples = colours.map(([y, cb, cr], i) => {
    const slice = idrSlice(i % 2, y, cb, cr)
    return cat(u32(slice.length), slice)
  })
  const duration = colours.length * timescale
  const ftyp = box("ftyp", ascii("isom"), u32(0x200), ascii("isomiso2avc1mp41"))
  const avcC = box("avcC", Buffer.from([1, H264_PROFILE, H264_COMPAT, H264_LEVEL, 0xff, 0xe1]), u16(spsNal.length), spsNal, u8(1), u16(ppsNal.length), ppsNal)
  const avc1 = box("avc1", Buffer.alloc(6), u16(1), Buffer.alloc(16), u16(16), u16(16), u32(0x00480000), u32(0x00480000), u32(0), u16(1),
    Buffer.alloc(32), u16(0x0018), u16(0xffff), avcC)
  const build = (mdatOffset: number) => {
    const stbl = box("stbl",
      fullBox("stsd", 0, 0, u32(1), avc1),
      fullBox("stts", 0, 0, u32(1), u32(samples.length), u32(timescale)),
      fullBox("stsc", 0, 0, u32(1), u32(1), u32(samples.length), u32(1)),
      fullBox("stsz", 0, 0, u32(0), u32(samples.length), ...samples.map((s) => u32(s.length))),
      fullBox("stco", 0, 0, u32(1), u32(mdatOffset + 8)))
    const minf = box("minf",
      fullBox("vmhd", 0, 1, u16(0), u16(0), u16(0), u16(0)),
      box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1))),
      stbl)
    const mdia = box("mdia",
      fullBox("mdhd", 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u16(0x55c4), u16(0)),
      fullBox("hdlr", 0, 0, u32(0), ascii("vide"), Buffer.alloc(12), ascii("VideoHandler\0")),
      minf)
    const trak = box("trak",
      fullBox("tkhd", 0, 3, u32(0), u32(0), u32(1), u32(0), u32(duration), Buffer.alloc(8), u16(0), u16(0), u16(0), u16(0), MATRIX, u32(16 << 16), u32(16 << 16)),
      mdia)
    const mvhd = fullBox("mvhd", 0, 0, u32(0), u32(0), u32(timescale), u32(duration), u32(0x00010000), u16(0x0100), Buffer.alloc(10), MATRIX, Buffer.alloc(24), u32(2))
    return box("moov", mvhd, trak)
  }
  const moovSize = build(0).length
  const moov = build(ftyp.length + moovSize)
  return cat(ftyp, moov, box("mdat", ...samples))
}

// ------------------------------------------------------------------------------------------------------------ TTF

type Point = readonly [x: number, y: number]

/** A simple TrueType glyph of on-curve contours (clockwise outer, counter-clockwise holes), no instructions. */
const glyph = (contours: ReadonlyArray<ReadonlyArray<Point>>) => {
  if (contours.length === 0) return Buffer.alloc(0)
  const points = contours.flat()
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const ends: Array<number> = []
  let n = 0
  for (const c of contours) ends.push((n += c.length) - 1)
  const deltas = (values: ReadonlyArray<number>) => values.map((v, i) => u16(v - (i === 0 ? 0 : values[i - 1]!)))
  const data = cat(
    u16(contours.length), u16(Math.min(...xs)), u16(Math.min(...ys)), u16(Math.max(...xs)), u16(Math.max(...ys)),
    ...ends.map(u16), u16(0), Buffer.alloc(points.length, 0x01), ...deltas(xs), ...deltas(ys))
  return data.length % 2 ? cat(data, u8(0)) : data
}

const checksum = (data: Buffer) => {
  const padded = cat(data, Buffer.alloc((4 - (data.length % 4)) % 4))
  let sum = 0
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0
  return sum
}

const utf16be = (s: string) => {
  const le = Buffer.from(s, "utf16le")
  const be = Buffer.alloc(le.length)
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!
    be[i + 1] = le[i]!
  }
  return be
}

export interface FontSpec {
  readonly family: string
  readonly familyZh: string
  readonly postscript: string
  readonly bold: boolean
  readonly italicAngle: number
  /** The outline of the glyph every printable ASCII character shows, in a 1000-unit em. */
  readonly shape: ReadonlyArray<ReadonlyArray<Point>>
}

/** A TrueType font: .notdef (a hollow box), space, and `shape` for U+0021..U+007E. */
export const ttf = (spec: FontSpec) => {
  const advance = 600
  const glyphs = [
    glyph([[[50, 0], [50, 700], [550, 700], [550, 0]], [[100, 50], [500, 50], [500, 650], [100, 650]]]),
    glyph([]),
    glyph(spec.shape)
  ]
  const allPoints = [...glyphs.keys()].flatMap((i) => (i === 1 ? [] : i === 0 ? [[50, 0], [550, 700]] as Array<Point> : spec.shape.flat()))
  const xMin = Math.min(...allPoints.map((p) => p[0]))
  const yMin = Math.min(...allPoints.map((p) => p[1]))
  const xMax = Math.max(...allPoints.map((p) => p[0]))
  const yMax = Math.max(...allPoints.map((p) => p[1]))
  const maxPoints = Math.max(8, spec.shape.flat().length)
  const maxContours = Math.max(2, spec.shape.length)

  const glyf = cat(...glyphs)
  const loca = cat(...[0, ...glyphs.map((_, i) => glyphs.slice(0, i + 1).reduce((s, g) => s + g.length, 0))].map((o) => u16(o / 2)))
  const longDateTime = cat(u32(0), u32(3797366400)) // 2024-05-01T00:00:00Z in seconds since 1904
  const head = cat(u32(0x00010000), u32(0x00010000), u32(0), u32(0x5f0f3cf5), u16(0x000b), u16(1000), longDateTime, longDateTime,
    u16(xMin), u16(yMin), u16(xMax), u16(yMax), u16(spec.bold ? 1 : 0), u16(8), u16(2), u16(0), u16(0))
  const hhea = cat(u32(0x00010000), u16(800), u16(-200), u16(0), u16(advance), u16(xMin), u16(advance - xMax), u16(xMax),
    u16(1), u16(0), u16(0), Buffer.alloc(8), u16(0), u16(glyphs.length))
  const hmtx = cat(...glyphs.map((_, i) => cat(u16(advance), u16(i === 1 ? 0 : i === 0 ? 50 : Math.min(...spec.shape.flat().map((p) => p[0]))))))
  const maxp = cat(u32(0x00010000), u16(glyphs.length), u16(maxPoints), u16(maxContours), u16(0), u16(0), u16(2), Buffer.alloc(16))
  const os2 = cat(u16(4), u16(advance), u16(spec.bold ? 700 : 400), u16(5), u16(0),
    u16(650), u16(600), u16(0), u16(75), u16(650), u16(600), u16(0), u16(350), u16(50), u16(250),
    u16(0), Buffer.from([2, 0, spec.bold ? 8 : 5, 3, 0, 0, 0, 0, 0, 0]), u32(1), u32(0), u32(0), u32(0), ascii("QUAS"),
    u16(spec.bold ? 0x20 : 0x40), u16(0x20), u16(0x7e), u16(800), u16(-200), u16(0), u16(800), u16(200),
    u32(1), u32(0), u16(500), u16(700), u16(0), u16(0x20), u16(1))
  const post = cat(u32(0x00030000), u32(Math.round(spec.italicAngle * 65536)), u16(-100), u16(50), u32(0), u32(0), u32(0), u32(0), u32(0))
  // cmap: Windows Unicode BMP, format 4: space → 1, U+0021..U+007E → 2 (through glyphIdArray), the closing 0xFFFF.
  const segCount = 3
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segCount))
  const format4Body = cat(u16(segCount * 2), u16(searchRange), u16(Math.log2(searchRange / 2)), u16(segCount * 2 - searchRange),
    u16(0x20), u16(0x7e), u16(0xffff), u16(0),
    u16(0x20), u16(0x21), u16(0xffff),
    u16(1 - 0x20), u16(0), u16(1),
    u16(0), u16(2 * (segCount - 1)), u16(0),
    ...Array.from({ length: 0x7e - 0x21 + 1 }, () => u16(2)))
  const format4 = cat(u16(4), u16(6 + format4Body.length), u16(0), format4Body)
  const cmap = cat(u16(0), u16(1), u16(3), u16(1), u32(12), format4)
  const names: Array<readonly [language: number, id: number, text: string]> = [
    [0x0409, 0, "Generated by qu-appserver (bench/generate_shipped_assets.ts); MIT licence, like the project."],
    [0x0409, 1, spec.family],
    [0x0409, 2, spec.bold ? "Bold" : "Regular"],
    [0x0409, 3, `qu-appserver: ${spec.family}: 1.000`],
    [0x0409, 4, spec.bold ? `${spec.family} Bold` : spec.family],
    [0x0409, 5, "Version 1.000"],
    [0x0409, 6, spec.postscript],
    [0x0409, 13, "MIT licence: use, copy, modify and distribute freely, keeping this notice."],
    [0x0804, 1, spec.familyZh],
    [0x0804, 4, spec.familyZh]
  ]
  const strings: Array<Buffer> = []
  let stringOffset = 0
  const records = names.map(([language, id, text]) => {
    const s = utf16be(text)
    const record = cat(u16(3), u16(1), u16(language), u16(id), u16(s.length), u16(stringOffset))
    strings.push(s)
    stringOffset += s.length
    return record
  })
  const name = cat(u16(0), u16(names.length), u16(6 + 12 * names.length), ...records, ...strings)

  const tables: ReadonlyArray<readonly [string, Buffer]> = [
    ["OS/2", os2], ["cmap", cmap], ["glyf", glyf], ["head", head], ["hhea", hhea],
    ["hmtx", hmtx], ["loca", loca], ["maxp", maxp], ["name", name], ["post", post]
  ]
  const entrySelector = Math.floor(Math.log2(tables.length))
  const range = 16 * 2 ** entrySelector
  const directorySize = 12 + 16 * tables.length
  let offset = directorySize
  const directory: Array<Buffer> = [u32(0x00010000), u16(tables.length), u16(range), u16(entrySelector), u16(tables.length * 16 - range)]
  const bodies: Array<Buffer> = []
  for (const [tag, data] of tables) {
    directory.push(ascii(tag), u32(checksum(data)), u32(offset), u32(data.length))
    const padded = cat(data, Buffer.alloc((4 - (data.length % 4)) % 4))
    bodies.push(padded)
    offset += padded.length
  }
  const font = cat(...directory, ...bodies)
  const headOffset = directorySize + bodies.slice(0, 3).reduce((s, b) => s + b.length, 0)
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8)
  return font
}

const FONTS: Readonly<Record<string, FontSpec>> = {
  "fonts/qu-round.ttf": {
    family: "Qu Round", familyZh: "趣.圆体", postscript: "QuRound-Regular", bold: false, italicAngle: 0,
    shape: [[[100, 200], [100, 500], [200, 600], [400, 600], [500, 500], [500, 200], [400, 100], [200, 100]]]
  },
  "fonts/qu-handwriting.ttf": {
    family: "Qu Handwriting", familyZh: "趣.手写", postscript: "QuHandwriting-Regular", bold: false, italicAngle: -12,
    shape: [[[60, 0], [190, 600], [540, 600], [410, 0]], [[150, 80], [350, 80], [440, 520], [240, 520]]]
  },
  "fonts/qu-bold.ttf": {
    family: "Qu Bold", familyZh: "趣.黑体", postscript: "QuBold-Bold", bold: true, italicAngle: 0,
    shape: [[[40, 0], [40, 700], [560, 700], [560, 0]]]
  }
}

// ------------------------------------------------------------------------------------------------------ catalogue

/** The catalogue file's shape, as far as the generator reads and writes it. */
interface CatalogueJson {
  music: Array<{ musicId: string; title: string; artistName?: string; url: string }>
  stickerCategories: Array<{ stickers: Array<{ id: number; kind: string; name: string; url: string; md5?: string }> }>
  captionCategories: Array<{ captions: Array<{ id: number; fontId: number; name: string; url: string; md5?: string }> }>
  mvs: Array<{ id: number; name: string; durationSeconds?: number; previewMp4?: string; variants: Array<{ aspect: string; url: string; md5?: string }> }>
  fonts: Array<{ id: number; name: string; url: string; md5?: string }>
}

const PALETTE = [0xff7a59, 0xffc24b, 0x4bc0ff, 0x7a5cff, 0x3ddc97, 0xff5c8a, 0x5c7aff, 0xffe14b, 0x59d4ff]

/** A stable small number from a text, to vary colours between packages. */
const pick = (text: string, n: number) => crc32(text) % n

const MUSIC_SECONDS = 3
const MV_PREVIEW_SECONDS = 2

/** Every file the catalogue names, by its path relative to the assets directory. */
export const generateAssets = (catalogue: CatalogueJson): Map<string, Buffer> => {
  const files = new Map<string, Buffer>()
  const add = (path: string, bytes: Buffer) => {
    if (!path.startsWith("placeholders/") && !path.startsWith("avatars/")) files.set(path, bytes)
  }
  for (const track of catalogue.music) add(track.url, silentMp3(MUSIC_SECONDS, track.title, track.artistName ?? ""))
  for (const category of catalogue.stickerCategories) {
    for (const s of category.stickers) {
      const colour = PALETTE[pick(s.name, PALETTE.length)]!
      const frames = [12, 14, 16].map((r) => png(32, 0x000000, colour, disc(32, r), true))
      add(s.url, zip([
        [`${s.name}/config.json`, json({ name: s.name, kind: s.kind, width: 32, height: 32, fps: 8, frames: frames.map((_, i) => `frame-${i}.png`) })],
        [`${s.name}/icon.png`, frames[2]!],
        ...frames.map((f, i) => [`${s.name}/frame-${i}.png`, f] as const)
      ]))
    }
  }
  for (const category of catalogue.captionCategories) {
    for (const c of category.captions) {
      const colour = PALETTE[pick(c.name, PALETTE.length)]!
      const bubble = png(48, 0xffffff, colour, (x, y) => x >= 4 && x < 44 && y >= 8 && y < 36, true)
      add(c.url, zip([
        [`${c.name}/config.json`, json({ name: c.name, fontId: c.fontId, width: 48, height: 48, textArea: { x: 6, y: 10, width: 36, height: 24 }, textColor: "#ffffff" })],
        [`${c.name}/icon.png`, bubble],
        [`${c.name}/bubble.png`, bubble]
      ]))
    }
  }
  for (const mv of catalogue.mvs) {
    const colour = PALETTE[mv.id % PALETTE.length]!
    for (const v of mv.variants) {
      const [w, h] = v.aspect === "1:1" ? [32, 32] : v.aspect === "4:3" ? [32, 24] : [32, 18]
      add(v.url, zip([
        [`mv-${mv.id}-${v.aspect.replace(":", "x")}/config.json`, json({ name: mv.name, aspect: v.aspect, width: w, height: h, durationSeconds: mv.durationSeconds ?? 0, overlays: ["frame.png"] })],
        [`mv-${mv.id}-${v.aspect.replace(":", "x")}/icon.png`, png(32, 0x202020, colour, disc(32, 12))],
        [`mv-${mv.id}-${v.aspect.replace(":", "x")}/frame.png`, png(32, 0x000000, colour, (x, y) => x < 2 || y < 2 || x > 29 || y > 29, true)]
      ]))
    }
    if (mv.previewMp4 !== undefined && mv.previewMp4 !== "" && !/^https?:/.test(mv.previewMp4)) {
      const shades: Array<readonly [number, number, number]> = [[81 + mv.id * 20, 90, 240], [145, 54 + mv.id * 20, 34], [41, 240, 110 + mv.id * 10]]
      add(mv.previewMp4, mp4(Array.from({ length: MV_PREVIEW_SECONDS }, (_, i) => shades[(mv.id + i) % shades.length]!)))
    }
  }
  for (const font of catalogue.fonts) {
    const spec = FONTS[font.url]
    add(font.url, ttf(spec ?? { ...FONTS["fonts/qu-round.ttf"]!, family: `Qu Font ${font.id}`, familyZh: font.name, postscript: `QuFont${font.id}-Regular` }))
  }
  return files
}

/** Sets the md5 of every download field that has one to the md5 of the generated file. */
export const withMd5s = <C extends CatalogueJson>(catalogue: C, files: ReadonlyMap<string, Buffer>): C => {
  const of = (url: string) => {
    const bytes = files.get(url)
    if (bytes === undefined) throw new Error(`no generated file for ${url}`)
    return md5(bytes)
  }
  for (const category of catalogue.stickerCategories) for (const s of category.stickers) s.md5 = of(s.url)
  for (const category of catalogue.captionCategories) for (const c of category.captions) c.md5 = of(c.url)
  for (const mv of catalogue.mvs) for (const v of mv.variants) v.md5 = of(v.url)
  for (const font of catalogue.fonts) font.md5 = of(font.url)
  return catalogue
}

const SHIPPED = fileURLToPath(new URL("../adapters/catalogue_file/shipped/", import.meta.url))
export const SHIPPED_CATALOGUE = join(SHIPPED, "default_catalogue.json")
export const SHIPPED_ASSETS = join(SHIPPED, "assets")

const main = () => {
  const check = process.argv.includes("--check")
  const text = readFileSync(SHIPPED_CATALOGUE, "utf8")
  const catalogue = JSON.parse(text) as CatalogueJson
  const files = generateAssets(catalogue)
  const updated = JSON.stringify(withMd5s(catalogue, files), null, 2) + "\n"
  let differs = 0
  let total = 0
  for (const [path, bytes] of files) {
    total += bytes.length
    const target = join(SHIPPED_ASSETS, ...path.split("/"))
    const current = (() => {
      try {
        return readFileSync(target)
      } catch {
        return undefined
      }
    })()
    if (current?.equals(bytes)) continue
    differs++
    if (check) console.error(`differs: ${path}`)
    else {
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, bytes)
    }
  }
  if (updated !== text) {
    differs++
    if (check) console.error("differs: default_catalogue.json md5s")
    else writeFileSync(SHIPPED_CATALOGUE, updated)
  }
  console.log(`${files.size} files, ${total} bytes; ${differs} ${check ? "differ" : "written"}`)
  if (check && differs > 0) process.exitCode = 1
}

// Run as a script (vite-node does not pass the script's path in argv); imported by tests, it only exports.
if (process.env.VITEST === undefined) main()
