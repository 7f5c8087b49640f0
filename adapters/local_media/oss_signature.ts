import { createHmac, timingSafeEqual } from "node:crypto"

// The query parameters OSS signs as sub-resources (OSS API reference, "Include signatures in the Authorization
// header"); any other parameter is left out of the canonical resource.
const SUB_RESOURCES = new Set([
  "acl", "append", "bucketInfo", "cname", "comp", "cors", "delete", "endTime", "img", "lifecycle", "live", "location",
  "logging", "objectMeta", "partNumber", "position", "qos", "referer", "replication", "replicationLocation",
  "replicationProgress", "response-cache-control", "response-content-disposition", "response-content-encoding",
  "response-content-language", "response-content-type", "response-expires", "restore", "security-token",
  "sequential", "startTime", "status", "style", "styleName", "symlink", "tagging", "udf", "uploadId", "uploads", "vod",
  "website", "x-oss-process"
])

/** What a V1 signature covers of a request. */
export interface SignedRequest {
  readonly method: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly bucket: string
  readonly key: string
  readonly query: URLSearchParams
}

/** The string a V1 signature signs: verb, Content-MD5, Content-Type, date, x-oss-* headers, bucket/key?sub-resources. */
export const stringToSign = (request: SignedRequest): string => {
  const h = request.headers
  const ossHeaders = Object.keys(h)
    .filter((name) => name.startsWith("x-oss-"))
    .sort()
    .map((name) => `${name}:${String(h[name]).trim()}`)
  const subResources = [...new Set([...request.query.keys()])]
    .filter((name) => SUB_RESOURCES.has(name))
    .sort()
    .map((name) => {
      const value = request.query.get(name) ?? ""
      return value === "" ? name : `${name}=${value}`
    })
  const resource = `/${request.bucket}/${request.key}${subResources.length > 0 ? `?${subResources.join("&")}` : ""}`
  // Browsers cannot set Date, so the SDKs send x-oss-date, which then stands for it.
  const date = h["x-oss-date"] ?? h["date"] ?? ""
  return [request.method, h["content-md5"] ?? "", h["content-type"] ?? "", date, ...ossHeaders, resource].join("\n")
}

/** The `OSS <AccessKeyId>:<Signature>` of an Authorization header, or undefined when it is not one. */
export const parseAuthorization = (header: string | undefined) => {
  const match = header === undefined ? null : /^OSS ([^:\s]+):(\S+)$/.exec(header.trim())
  return match === null ? undefined : { accessKeyId: match[1]!, signature: match[2]! }
}

/** Whether `signature` is the HMAC-SHA1 (base64) of the request's string to sign under `secret`; constant-time. */
export const signatureMatches = (request: SignedRequest, secret: string, signature: string): boolean => {
  const expected = createHmac("sha1", secret).update(stringToSign(request), "utf8").digest()
  const given = Buffer.from(signature, "base64")
  return given.length === expected.length && timingSafeEqual(given, expected)
}
