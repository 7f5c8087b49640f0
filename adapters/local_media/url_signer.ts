import { Clock, Effect, Layer, Redacted } from "effect"
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import { UrlSigner } from "../../core/ports/url_signer.ts"

/**
 * How this server signs and checks the expiring URLs of the assets it serves itself (docs/reference/aliyun.md §8,
 * type A): the same `auth_key` a CDN edge checks, with no validity added, so a URL works until its expiry exactly.
 */
export interface LocalSigningOptions {
  /** Never leaves the server; {@link randomKey} makes one per start. */
  readonly privateKey: Redacted.Redacted<string>
  /** QU_ASSET_BASE_URL (ends with `/`): URLs under it are signed, others are handed back unchanged. */
  readonly assetBaseUrl: string
  /** Asset paths (below the base, percent-decoded) served only with a valid signature, e.g. `music/`. */
  readonly signedPrefixes: ReadonlyArray<string>
}

/** The asset folders the catalogue hands out signed: the tracks' audio (getPlayPath) of the shipped catalogue. */
export const DEFAULT_SIGNED_PREFIXES: ReadonlyArray<string> = ["music/"]

/** A fresh 256-bit signing key: URLs signed before a restart stop working, as after a CDN key rotation. */
export const randomKey: Effect.Effect<Redacted.Redacted<string>> = Effect.sync(() =>
  Redacted.make(randomBytes(32).toString("base64url"))
)

const md5 = (path: string, timestamp: string, rand: string, uid: string, key: Redacted.Redacted<string>) =>
  createHash("md5").update(`${path}-${timestamp}-${rand}-${uid}-${Redacted.value(key)}`).digest("hex")

const AUTH_KEY = /^(\d{1,12})-([0-9A-Za-z]{1,64})-([0-9A-Za-z]{1,64})-([0-9a-f]{32})$/

/** Signs URLs under the asset base with type A, `timestamp` being the expiry itself; other URLs pass unchanged. */
export const layer = (options: LocalSigningOptions) =>
  Layer.succeed(UrlSigner, UrlSigner.of({
    sign: (url, expiresAt) =>
      Effect.sync(() => {
        if (!url.startsWith(options.assetBaseUrl)) return url
        const parsed = new URL(url)
        const timestamp = String(Math.floor(expiresAt.epochMillis / 1000))
        const rand = randomUUID().replaceAll("-", "")
        const hash = md5(parsed.pathname, timestamp, rand, "0", options.privateKey)
        parsed.searchParams.append("auth_key", `${timestamp}-${rand}-0-${hash}`)
        return parsed.href
      })
  }))

/**
 * Whether this server serves an asset request at `nowMillis`, as an edge with type A authentication would: a
 * request carrying `auth_key` is served only when it is the one signature of this path and has not expired; one
 * without is served unless its path is under a signed prefix. `path` is the request's path below /assets/, still
 * percent-encoded; `query` its query without `?`.
 */
export const allows = (
  options: LocalSigningOptions,
  request: { readonly path: string; readonly query: string },
  nowMillis: number
): boolean => {
  const keys = new URLSearchParams(request.query).getAll("auth_key")
  if (keys.length === 0) {
    let relative: string
    try {
      relative = decodeURIComponent(request.path)
    } catch {
      return true // not a file either: the route answers 404
    }
    // Case-blind: on a case-insensitive file system /assets/Music/ is the same directory as /assets/music/.
    return !options.signedPrefixes.some((prefix) => relative.toLowerCase().startsWith(prefix.toLowerCase()))
  }
  const parts = keys.length === 1 ? AUTH_KEY.exec(keys[0]!) : null
  if (parts === null) return false
  const [, timestamp, rand, uid, hash] = parts as unknown as [string, string, string, string, string]
  if (nowMillis > Number(timestamp) * 1000) return false
  // The URL was signed with the public path: the base URL's path, then the path below /assets/.
  const signedPath = new URL(options.assetBaseUrl).pathname + request.path
  const expected = Buffer.from(md5(signedPath, timestamp, rand, uid, options.privateKey), "hex")
  return timingSafeEqual(expected, Buffer.from(hash, "hex"))
}

/** {@link allows} at the current time (Effect's `Clock`): the check the /assets/ route makes in local mode. */
export const checker = (options: LocalSigningOptions) =>
(request: { readonly path: string; readonly query: string }): Effect.Effect<boolean> =>
  Effect.map(Clock.currentTimeMillis, (now) => allows(options, request, now))
