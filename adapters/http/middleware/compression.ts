import { HttpApp, HttpBody, HttpMiddleware, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { promisify } from "node:util"
import { constants, gzip, gzipSync } from "node:zlib"

/** Bodies smaller than this are sent as they are: a gzip header and trailer would eat most of the gain. */
export const MIN_COMPRESS_BYTES = 1024

/** Bodies larger than this are compressed on libuv's thread pool rather than on the event loop. */
export const ASYNC_COMPRESS_BYTES = 64 * 1024

// Computed once per body, so the best ratio: on JSON, 9 costs ~1.2× the time of the default 6 (~60 µs for 13 kB).
const GZIP = { level: constants.Z_BEST_COMPRESSION } as const
const gzipAsync = promisify(gzip)

// The q of a weight "q=<qvalue>" (RFC 9110 §12.4.2); 0 when malformed, so a garbled item never accepts.
const QVALUE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/
const weight = (parameters: string): number => {
  const eq = parameters.indexOf("=")
  if (eq === -1 || parameters.slice(0, eq).trim().toLowerCase() !== "q") return 0
  const value = parameters.slice(eq + 1).trim()
  return QVALUE.test(value) ? Number(value) : 0
}

const parseAcceptsGzip = (header: string): boolean => {
  let gzipQ: number | undefined
  let anyQ: number | undefined
  for (const item of header.split(",")) {
    const semi = item.indexOf(";")
    const coding = (semi === -1 ? item : item.slice(0, semi)).trim().toLowerCase()
    const isGzip = coding === "gzip" || coding === "x-gzip"
    if (!isGzip && coding !== "*") continue
    const q = semi === -1 ? 1 : weight(item.slice(semi + 1))
    // Listed twice with different weights: the refusal wins.
    if (isGzip) gzipQ = Math.min(gzipQ ?? 1, q)
    else anyQ = Math.min(anyQ ?? 1, q)
  }
  return (gzipQ ?? anyQ ?? 0) > 0
}

// Apps send the same few headers ("gzip", "gzip, deflate, br"); each is parsed once. Bounded: cleared when full.
const MEMO_LIMIT = 100
const MEMO_MAX_LENGTH = 256
const memo = new Map<string, boolean>()

/**
 * Whether an `Accept-Encoding` header (RFC 9110 §12.5.3) accepts gzip: `gzip` or `x-gzip` with a weight above 0, or
 * else `*` with a weight above 0. Case-insensitive and whitespace-tolerant; `gzip;q=0` refuses even beside `*`; an
 * item with a malformed weight accepts nothing; no header (or an empty one) accepts only the identity.
 */
export const acceptsGzip = (acceptEncoding: string | ReadonlyArray<string> | undefined): boolean => {
  if (acceptEncoding === undefined) return false
  const header = typeof acceptEncoding === "string" ? acceptEncoding : acceptEncoding.join(",")
  if (header === "") return false
  const known = memo.get(header)
  if (known !== undefined) return known
  const accepts = parseAcceptsGzip(header)
  if (header.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(header, accepts)
  }
  return accepts
}

/** Bytes to send and their `Content-Encoding` (undefined: the identity). */
export interface EncodedBody {
  readonly bytes: Buffer
  readonly encoding: "gzip" | undefined
}

/**
 * Prepared bytes of an answer and their gzip form, compressed on first use (best ratio) and then kept, so a cache
 * hit costs no compression. Bodies under {@link MIN_COMPRESS_BYTES}, or that gzip would not make smaller, have no
 * gzip form: {@link PreparedBody.forEncoding} answers them as the identity.
 */
export class PreparedBody {
  /** The bytes as they are (a view of the given ones, not a copy). */
  readonly identity: Buffer
  #gzip: Buffer | undefined
  #pending: Promise<Buffer> | undefined
  #plain: EncodedBody | undefined
  #gzipped: EncodedBody | undefined

  constructor(identity: Uint8Array) {
    this.identity = Buffer.isBuffer(identity)
      ? identity
      : Buffer.from(identity.buffer, identity.byteOffset, identity.byteLength)
  }

  /** Whether the body is worth compressing at all (its size); the gzip form may still turn out no smaller. */
  get compressible(): boolean {
    return this.identity.length >= MIN_COMPRESS_BYTES
  }

  /** The gzip form, computed now (on the event loop) if not yet; the identity bytes when there is none. */
  gzip(): Buffer {
    if (this.#gzip === undefined) this.#keep(this.compressible ? gzipSync(this.identity, GZIP) : this.identity)
    return this.#gzip!
  }

  /** Like {@link PreparedBody.gzip}, compressing on the thread pool; concurrent first callers share one run. */
  gzipAsync(): Promise<Buffer> {
    if (this.#gzip !== undefined) return Promise.resolve(this.#gzip)
    if (!this.compressible) return Promise.resolve(this.gzip())
    this.#pending ??= gzipAsync(this.identity, GZIP).then(
      (compressed) => this.#keep(compressed),
      (error: unknown) => {
        this.#pending = undefined
        throw error
      }
    )
    return this.#pending
  }

  /** Whether the gzip form is computed (so {@link PreparedBody.gzip} costs nothing). */
  get ready(): boolean {
    return this.#gzip !== undefined
  }

  /** What to send a client that does or does not accept gzip: gzip bytes only when they exist and are smaller. */
  forEncoding(acceptsGzip: boolean): EncodedBody {
    this.#plain ??= { bytes: this.identity, encoding: undefined }
    if (!acceptsGzip) return this.#plain
    const compressed = this.gzip()
    if (compressed === this.identity) return this.#plain
    this.#gzipped ??= { bytes: compressed, encoding: "gzip" }
    return this.#gzipped
  }

  #keep(compressed: Buffer): Buffer {
    this.#gzip = compressed.length < this.identity.length ? compressed : this.identity
    this.#pending = undefined
    return this.#gzip
  }
}

// Already compressed media types: gzip would only spend time.
const INCOMPRESSIBLE = /^(?:image\/(?!svg)|video\/|audio\/|font\/woff|application\/(?:x-)?(?:gzip|zip|zstd|br))/i

// Answers the platform builds once and serves every time (/docs, /openapi.json) arrive with the same Uint8Array;
// keyed by it, their gzip form is computed once. Other entries go when their (one-off) body is collected.
const prepared = new WeakMap<Uint8Array, PreparedBody>()
const preparedFor = (body: Uint8Array): PreparedBody => {
  let entry = prepared.get(body)
  if (entry === undefined) {
    entry = new PreparedBody(body)
    prepared.set(body, entry)
  }
  return entry
}

const withVary = (response: HttpServerResponse.HttpServerResponse) => {
  const vary = response.headers["vary"]
  if (vary === undefined || vary === "") return HttpServerResponse.setHeader(response, "vary", "accept-encoding")
  if (vary.trim() === "*" || vary.toLowerCase().includes("accept-encoding")) return response
  return HttpServerResponse.setHeader(response, "vary", `${vary}, accept-encoding`)
}

const compress = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const body = response.body
  // Stream, file (Raw), form and empty bodies, small ones and already encoded ones are left alone.
  if (
    body._tag !== "Uint8Array" || body.contentLength < MIN_COMPRESS_BYTES ||
    response.headers["content-encoding"] !== undefined || INCOMPRESSIBLE.test(body.contentType)
  ) return Effect.succeed(response)
  const varied = withVary(response)
  if (!acceptsGzip(request.headers["accept-encoding"])) return Effect.succeed(varied)
  const entry = preparedFor(body.body)
  const encode = (compressed: Buffer) =>
    compressed === entry.identity ? varied : HttpServerResponse.setHeader(
      HttpServerResponse.setBody(varied, HttpBody.uint8Array(compressed, body.contentType)),
      "content-encoding",
      "gzip"
    )
  const compressed = entry.ready || body.contentLength <= ASYNC_COMPRESS_BYTES
    ? Effect.try(() => entry.gzip())
    : Effect.tryPromise(() => entry.gzipAsync())
  // Compression failing is no reason to fail the answer: send it as it is.
  return compressed.pipe(Effect.map(encode), Effect.orElseSucceed(() => varied))
}

/**
 * Gzip for clients that ask for it (`Accept-Encoding`, see {@link acceptsGzip}), on the final response of the whole
 * app: a `Uint8Array` body (JSON, text, HTML) of at least {@link MIN_COMPRESS_BYTES} without a `Content-Encoding` is
 * replaced by its gzip form (same content type) with `Content-Encoding: gzip`; every such body gets
 * `Vary: Accept-Encoding`, compressed or not. Bodies over {@link ASYNC_COMPRESS_BYTES} are compressed off the event
 * loop, and a body served again as the same bytes (the docs, the OpenAPI document) is compressed only once.
 * For `HttpApiBuilder.serve(middleware)`: a pre-response handler, so it sees the response the app and all its
 * middleware (the envelope's included) answered, just before it is written. Answers of the fast path never reach it.
 */
export const middleware = HttpMiddleware.make(<E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R> =>
  HttpApp.withPreResponseHandler(app, compress)
)
