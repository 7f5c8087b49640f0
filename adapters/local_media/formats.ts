import { DateTime } from "effect"
import { randomBytes } from "node:crypto"
import { formatIsoSeconds } from "../../core/domain/time.ts"

const ENDPOINT_PATH = "/local-oss" as const
/** Where the emulator's object routes live: `<publicUrl>/local-oss/<bucket>/<key>`. */
export const OBJECT_PATH_PREFIX = `${ENDPOINT_PATH}/` as const
/** The one bucket the emulator serves. */
export const BUCKET = "local"
/** Path-style object routes at the root: `/local/<key>`. */
export const OBJECT_ROOT_PREFIX = `/${BUCKET}/`
/** The region named in credentials, so a client never mistakes them for real ones. */
export const REGION = "local"

/** Temporary credentials the emulator issues, in the fields STS uses. */
export interface LocalCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
}

const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64")

/** `n` random bytes as lowercase hex: 16 bytes give a VOD-shaped 32-character id. */
export const randomHex = (bytes = 16) => randomBytes(bytes).toString("hex")

/** Where part `n` of multipart upload `uploadId` is stored until the upload completes or is aborted. */
export const partKey = (uploadId: string, n: number) => `mpu/${uploadId}/${n}`

/** Fresh credentials: an `LOCAL.`-prefixed AccessKeyId (as STS prefixes `STS.`), a random secret and token. */
export const randomCredentials = (): LocalCredentials => ({
  accessKeyId: `LOCAL.${randomBytes(15).toString("base64url")}`,
  accessKeySecret: randomBytes(30).toString("base64url"),
  securityToken: randomBytes(48).toString("base64url")
})


/** `<publicUrl>/local-oss`, the OSS endpoint as clients see it (with the scheme, no trailing slash). */
export const endpointOf = (publicUrl: string) => `${publicUrl.replace(/\/+$/, "")}${ENDPOINT_PATH}`

/** The path-style URL of an object: `<Endpoint>/<Bucket>/<key>`. Keys hold only URL-safe characters. */
export const objectUrl = (publicUrl: string, key: string) => `${endpointOf(publicUrl)}/${BUCKET}/${key}`

/** UploadAddress as VOD encodes it: base64 of `{"Endpoint","Bucket","FileName"}`. */
export const encodeUploadAddress = (publicUrl: string, key: string) =>
  base64Json({ Endpoint: uploadEndpointOf(publicUrl), Bucket: BUCKET, FileName: key })

/**
 * The OSS endpoint the SDKs upload to: the server's origin, with no path (the SDKs drop it). They address the bucket
 * as a virtual host, so with a host name they would connect to `local.<host>`; with an IP they connect to the IP and
 * send the bucket in the Host header, which the object routes recognise. `localhost` therefore becomes 127.0.0.1;
 * for a phone, QU_PUBLIC_URL should carry the machine's LAN address.
 */
export const uploadEndpointOf = (publicUrl: string) => {
  const url = new URL(publicUrl)
  if (url.hostname === "localhost") url.hostname = "127.0.0.1"
  return url.origin
}

/** UploadAuth as VOD encodes it: base64 of the credentials, their lifetime in seconds (a string) and end. */
export const encodeUploadAuth = (credentials: LocalCredentials, ttlSeconds: number, expiresAt: DateTime.Utc) =>
  base64Json({
    SecurityToken: credentials.securityToken,
    AccessKeyId: credentials.accessKeyId,
    AccessKeySecret: credentials.accessKeySecret,
    Expiration: String(ttlSeconds),
    ExpireUTCTime: formatIsoSeconds(expiresAt),
    Region: REGION
  })

/** A play credential nothing verifies locally; it only has to look like one and name its video. */
export const encodePlayAuth = (videoId: string, expiresAt: DateTime.Utc) =>
  base64Json({ local: true, videoId, expireTime: formatIsoSeconds(expiresAt) })

const MAX_NAME_LENGTH = 100
const MAX_EXTENSION_LENGTH = 16

/**
 * A file name safe in an object key and URL: the last path segment, other characters replaced by `_`, no leading
 * dots, at most 100 characters with the extension kept; "video" when no stem is left.
 */
export const safeFileName = (fileName: string): string => {
  const cleaned = (fileName.split(/[/\\]/).pop() ?? "").replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^\.+/, "")
  const dot = cleaned.lastIndexOf(".")
  const ext = dot > 0 ? cleaned.slice(dot, dot + 1 + MAX_EXTENSION_LENGTH) : ""
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).slice(0, MAX_NAME_LENGTH - ext.length)
  return `${stem === "" ? "video" : stem}${ext}`
}

/** The lowercase extension of a key ("mp4"), or "" without one. */
export const extensionOf = (key: string) => {
  const name = key.slice(key.lastIndexOf("/") + 1)
  const dot = name.lastIndexOf(".")
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ""
}
