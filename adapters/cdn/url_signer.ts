import { Effect, Layer, Redacted } from "effect"
import { createHash, randomUUID } from "node:crypto"
import { UrlSigner } from "../../core/ports/url_signer.ts"

/** The parts of one Alibaba Cloud CDN type A signature. */
export interface TypeAParts {
  /** The URL's path, starting with `/`, without the query. */
  readonly path: string
  /** Unix seconds; the edge accepts the URL until timestamp + its configured validity. */
  readonly timestamp: number
  /** `0` or a UUID without dashes. */
  readonly rand: string
  /** `0` unless the CDN is told otherwise. */
  readonly uid: string
  readonly privateKey: Redacted.Redacted<string>
}

/** `hex(md5("<path>-<timestamp>-<rand>-<uid>-<PrivateKey>"))` (docs/reference/aliyun.md §8). */
export const typeAHash = (p: TypeAParts): string =>
  createHash("md5").update(`${p.path}-${p.timestamp}-${p.rand}-${p.uid}-${Redacted.value(p.privateKey)}`).digest("hex")

/** `url` with `auth_key=<timestamp>-<rand>-<uid>-<md5hash>` appended; the signature covers the path only. */
export const signTypeA = (url: string, parts: Omit<TypeAParts, "path">): string => {
  const parsed = new URL(url)
  const hash = typeAHash({ ...parts, path: parsed.pathname })
  parsed.searchParams.append("auth_key", `${parts.timestamp}-${parts.rand}-${parts.uid}-${hash}`)
  return parsed.href
}

/** How the CDN in front of the media is configured for type A authentication. */
export interface CdnSigningOptions {
  readonly privateKey: Redacted.Redacted<string>
  /** The validity the CDN adds to the timestamp (Alibaba Cloud's default is 1800 s). */
  readonly edgeValiditySeconds: number
}

/**
 * Type A signing: the timestamp is set `edgeValiditySeconds` before the wanted expiry, so the edge stops accepting
 * the URL exactly then; `rand` is a fresh UUID per URL, `uid` is 0.
 */
export const layer = (options: CdnSigningOptions) =>
  Layer.succeed(UrlSigner, UrlSigner.of({
    sign: (url, expiresAt) =>
      Effect.sync(() =>
        signTypeA(url, {
          timestamp: Math.floor(expiresAt.epochMillis / 1000) - options.edgeValiditySeconds,
          rand: randomUUID().replaceAll("-", ""),
          uid: "0",
          privateKey: options.privateKey
        })
      )
  }))

/**
 * No signing: for media behind a CDN without URL authentication. (Assets this server serves itself are signed and
 * checked by adapters/local_media/url_signer.ts.)
 */
export const layerUnsigned = Layer.succeed(UrlSigner, UrlSigner.of({ sign: (url) => Effect.succeed(url) }))
