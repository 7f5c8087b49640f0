import { Config, Effect, Layer, Option, Redacted } from "effect"
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

/** The CDN's URL authentication in the environment: QU_CDN_AUTH_KEY (none when unset or empty) and QU_CDN_AUTH_VALIDITY. */
export interface CdnSigningSettings {
  readonly authKey: Option.Option<Redacted.Redacted<string>>
  /** Seconds, 0 to 31 days; 1800 (Alibaba Cloud's default) when unset. */
  readonly authValidity: number
}

/** The one declaration of {@link CdnSigningSettings}; a bad value fails with the variable's name. */
export const signingConfig: Config.Config<CdnSigningSettings> = Config.all({
  authKey: Config.option(Config.redacted("QU_CDN_AUTH_KEY")).pipe(
    Config.map(Option.filter((key) => Redacted.value(key).trim() !== ""))
  ),
  // Validated before the default is attached: only then does a bad value's error name the variable.
  authValidity: Config.integer("QU_CDN_AUTH_VALIDITY").pipe(
    Config.validate({
      message: `must be an integer from 0 to ${31 * 24 * 3600}`,
      validation: (n) => n >= 0 && n <= 31 * 24 * 3600
    }),
    Config.withDefault(1800)
  )
})

/** From {@link signingConfig}: type A signing when QU_CDN_AUTH_KEY is set, else {@link layerUnsigned}. */
export const layerConfig = Layer.unwrapEffect(Effect.map(signingConfig, (settings) =>
  Option.match(settings.authKey, {
    onNone: () => layerUnsigned,
    onSome: (privateKey) => layer({ privateKey, edgeValiditySeconds: settings.authValidity })
  })))
