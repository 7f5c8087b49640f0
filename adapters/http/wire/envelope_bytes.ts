import * as zlib from "node:zlib"
import { MIN_COMPRESS_BYTES } from "../middleware/compression.ts"

/** The first bytes of every success envelope: the request id follows, then a tail (see {@link successTail}). */
export const ENVELOPE_HEAD = "{\"result\":\"true\",\"requestId\":\""
const HEAD = Buffer.from(ENVELOPE_HEAD, "latin1")
const REQUEST_ID_BYTES = 36

/**
 * The bytes of a success envelope after its request id, around `data` already written as JSON: the one writer of
 * success envelopes, for the handlers and the read lane alike (key order as `ok()` builds them).
 */
export const successTail = (dataJson: string, message = ""): Buffer =>
  Buffer.from(`","code":"200","message":${JSON.stringify(message)},"data":${dataJson}}`, "utf8")

/** A whole success envelope: head, request id (a UUID), tail. */
export const envelopeBody = (requestId: string, tail: Uint8Array): Buffer => {
  const body = Buffer.allocUnsafe(HEAD.length + REQUEST_ID_BYTES + tail.length)
  HEAD.copy(body, 0)
  body.write(requestId, HEAD.length, REQUEST_ID_BYTES, "latin1")
  body.set(tail, HEAD.length + REQUEST_ID_BYTES)
  return body
}

// zlib.crc32 arrived in Node 20.15; the table below serves older 20.x.
const TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()
const crc32: (data: Uint8Array, value?: number) => number = typeof zlib.crc32 === "function"
  ? (data, value = 0) => zlib.crc32(data, value)
  : (data, value = 0) => {
    let c = ~value
    for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
    return ~c >>> 0
  }

// A gzip member header: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])

/**
 * A tail prepared once and answered many times, with a fresh request id each time. Its gzip form is prepared once
 * too: every answer is one gzip member whose deflate stream is a stored block (head and request id, byte-aligned)
 * followed by the tail's own deflate blocks — valid because the tail's back-references never reach before it —
 * with the CRC of the whole. So a compressed answer costs a copy and a CRC, not a compression.
 */
export class PreparedTail {
  readonly bytes: Buffer
  #deflated: Buffer | undefined

  constructor(bytes: Buffer) {
    this.bytes = bytes
  }

  /** Whether a compressed answer is worth it (the whole envelope is at least MIN_COMPRESS_BYTES). */
  get compressible(): boolean {
    return this.bytes.length + HEAD.length + REQUEST_ID_BYTES >= MIN_COMPRESS_BYTES
  }

  /** The identity envelope for this request id. */
  body(requestId: string): Buffer {
    return envelopeBody(requestId, this.bytes)
  }

  /** The gzip envelope for this request id (the same bytes as {@link body} once gunzipped). */
  gzipBody(requestId: string): Buffer {
    const deflated = this.#deflated ??= zlib.deflateRawSync(this.bytes, { level: zlib.constants.Z_BEST_COMPRESSION })
    const prefixLength = HEAD.length + REQUEST_ID_BYTES
    const out = Buffer.allocUnsafe(GZIP_HEADER.length + 5 + prefixLength + deflated.length + 8)
    let at = GZIP_HEADER.copy(out, 0)
    // Stored block, not final: BFINAL 0 and BTYPE 00 in the first byte, then LEN and its complement.
    out[at++] = 0
    out.writeUInt16LE(prefixLength, at)
    out.writeUInt16LE(~prefixLength & 0xffff, at + 2)
    at += 4
    const prefixAt = at
    at += HEAD.copy(out, at)
    at += out.write(requestId, at, REQUEST_ID_BYTES, "latin1")
    at += deflated.copy(out, at)
    out.writeUInt32LE(crc32(this.bytes, crc32(out.subarray(prefixAt, prefixAt + prefixLength))), at)
    out.writeUInt32LE((prefixLength + this.bytes.length) >>> 0, at + 4)
    return out
  }
}
