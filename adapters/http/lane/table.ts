import { Context, Effect, Layer, Schema } from "effect"
import { CatalogueCache } from "../../../core/caches/catalogue_cache.ts"
import type { Catalogue, CatalogueSnapshot } from "../../../core/domain/catalogue.ts"
import { CatalogueWire } from "../wire/catalogue_wire.ts"
import { ENVELOPE_HEAD, PreparedTail } from "../wire/envelope_bytes.ts"

/** A success envelope around `data`, as `Envelope(schema)` decodes it. */
export interface SuccessEnvelope<D> {
  readonly result: "true"
  readonly requestId: string
  readonly code: "200"
  readonly message: string
  readonly data: D
}

/** The bytes of a success envelope after its request id, encoded with the endpoint's own success schema. */
export const envelopeTail = <D, I>(schema: Schema.Schema<SuccessEnvelope<D>, I>, data: D): PreparedTail => {
  const json = JSON.stringify(Schema.encodeSync(schema)({ result: "true", requestId: "", code: "200", message: "", data }))
  if (!json.startsWith(ENVELOPE_HEAD)) throw new Error(`envelope encodes in an unexpected order: ${json.slice(0, 40)}`)
  return new PreparedTail(Buffer.from(json.slice(ENVELOPE_HEAD.length), "utf8"))
}

/** Canonical values of the parameters an endpoint reads, in its declared order; undefined when absent. */
export type FastParams = ReadonlyArray<string | undefined>

/** A catalogue endpoint the fast path answers. */
export interface FastRoute {
  /** The parameters it reads; any other parameter is ignored, as the app ignores it. */
  readonly params: ReadonlyArray<string>
  /** The envelope tail for these values, or undefined when the app must answer (not found, out of range). */
  readonly tail: (catalogue: Catalogue, wire: CatalogueWire["Type"], values: FastParams) => PreparedTail | undefined
}

/**
 * Prepared answers of the catalogue endpoints, read synchronously by the fast path. It pulls from the catalogue cache
 * (CatalogueCache.peek) on every request: it answers only while the cache serves a snapshot without asking the store,
 * so it is never fresher or staler than the cached CatalogueReader (after an import in this process, not one answer of
 * the old catalogue), and keeps the answers of the one snapshot it last saw, dropped when the cache serves another.
 * Tails are rendered on first use; only found answers are kept, so the table is bounded by the catalogue (music pages
 * by 50 × 50).
 */
export class FastPathTable {
  #snapshot: CatalogueSnapshot | undefined
  readonly #tails = new Map<string, PreparedTail>()
  readonly #peek: (nowMillis: number) => CatalogueSnapshot | undefined

  readonly wire: CatalogueWire["Type"]

  // Plain fields, not parameter properties: Node's type stripping (and erasableSyntaxOnly) refuses those.
  constructor(wire: CatalogueWire["Type"], peek: (nowMillis: number) => CatalogueSnapshot | undefined) {
    this.wire = wire
    this.#peek = peek
  }

  /** The prepared tail of `key` (route and values) at `now` (epoch millis); undefined leaves the request to the app. */
  tail(route: FastRoute, key: string, values: FastParams, now: number): PreparedTail | undefined {
    const snapshot = this.#peek(now)
    if (snapshot === undefined) return undefined
    if (snapshot !== this.#snapshot) {
      this.#tails.clear()
      this.#snapshot = snapshot
    }
    let tail = this.#tails.get(key)
    if (tail === undefined) {
      tail = route.tail(snapshot.catalogue, this.wire, values)
      if (tail !== undefined) this.#tails.set(key, tail)
    }
    return tail
  }
}

/** The one table the node server's fast path reads. */
export class FastPath extends Context.Tag("adapters/http/FastPath")<FastPath, FastPathTable>() {}

/** An empty table over the wire settings and the catalogue cache in context. */
export const layer = Layer.effect(
  FastPath,
  Effect.zipWith(CatalogueWire, CatalogueCache, (wire, cache) => new FastPathTable(wire, cache.peek))
)
