import { createHash, createHmac, timingSafeEqual } from "node:crypto"

/** Alibaba Cloud percent-encoding: encodeURIComponent, then ! ' ( ) * as %21 %27 %28 %29 %2A (space %20, ~ kept). */
export const pct = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** Decoded parameters of a raw query string or form body ("+" reads as a space; a repeated key keeps its last value). */
export const decodeParams = (raw: string): Record<string, string> => Object.fromEntries(new URLSearchParams(raw))

/** Lower-case hex SHA-256 of a text (UTF-8) or bytes. */
export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex")

/** A request as the server received it: `query` is the raw (non-canonical) wire query, header names lower-case. */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Buffer
}

/** Why a signature was refused; the codes are the gateway's. */
export type SignatureFailureCode = "IncompleteSignature" | "SignatureDoesNotMatch" | "InvalidAccessKeyId.NotFound"

/** The outcome of a signature check: the signing AccessKeyId, or a gateway error code with a message. */
export type SignatureVerdict =
  | { readonly ok: true; readonly accessKeyId: string }
  | { readonly ok: false; readonly code: SignatureFailureCode; readonly message: string }

/** The secret of an AccessKeyId, or undefined when the key is unknown. */
export type SecretLookup = (accessKeyId: string) => string | undefined

const refuse = (code: SignatureFailureCode, message: string): SignatureVerdict => ({ ok: false, code, message })

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

// ---- ACS3-HMAC-SHA256 (docs/reference/aliyun.md §2) ----

/** The parts of an ACS3 canonical request; `query` holds decoded values, `headers` lower-case names. */
export interface Acs3CanonicalInput {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly signedHeaders: ReadonlyArray<string>
  readonly hashedPayload: string
}

/** The canonical query: keys in code-unit order, each `key=` + pct(value), joined with "&". */
export const acs3CanonicalQuery = (query: Readonly<Record<string, string>>): string =>
  Object.keys(query).sort().map((key) => `${key}=${pct(query[key] ?? "")}`).join("&")

/** METHOD \n URI \n query \n headers \n signed headers \n payload hash. */
export const acs3CanonicalRequest = (input: Acs3CanonicalInput): string => {
  const names = input.signedHeaders.map((name) => name.toLowerCase()).sort()
  const headers = names.map((name) => `${name}:${(input.headers[name] ?? "").trim()}\n`).join("")
  return [input.method.toUpperCase(), input.path, acs3CanonicalQuery(input.query), headers, names.join(";"), input.hashedPayload]
    .join("\n")
}

/** "ACS3-HMAC-SHA256\n" + hex(sha256(canonical request)). */
export const acs3StringToSign = (canonicalRequest: string): string => `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`

/** hex(hmac_sha256(secret, string to sign)) of a canonical request. */
export const acs3Signature = (accessKeySecret: string, canonicalRequest: string): string =>
  createHmac("sha256", accessKeySecret).update(acs3StringToSign(canonicalRequest)).digest("hex")

const authorizationPattern = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/

/**
 * Checks the Authorization header of a received request: host and every x-acs-* header must be signed, the payload
 * hash is recomputed from the received body, and the query is decoded then re-encoded (the wire form is not canonical).
 */
export const verifyAcs3 = (request: ReceivedRequest, secretFor: SecretLookup): SignatureVerdict => {
  const authorization = request.headers["authorization"]
  if (authorization === undefined) return refuse("SignatureDoesNotMatch", "The request is not signed.")
  const parts = authorizationPattern.exec(authorization.trim())
  if (parts === null) return refuse("IncompleteSignature", "The Authorization header is not an ACS3-HMAC-SHA256 signature.")
  const [, accessKeyId = "", signedList = "", signature = ""] = parts
  const signedHeaders = signedList.split(";").map((name) => name.toLowerCase())
  const mustSign = ["host", ...Object.keys(request.headers).filter((name) => name.startsWith("x-acs-"))]
  const unsigned = mustSign.filter((name) => !signedHeaders.includes(name))
  if (unsigned.length > 0) return refuse("IncompleteSignature", `Header(s) not signed: ${unsigned.join(", ")}.`)
  const absent = signedHeaders.filter((name) => request.headers[name] === undefined)
  if (absent.length > 0) return refuse("IncompleteSignature", `Signed header(s) missing: ${absent.join(", ")}.`)
  const secret = secretFor(accessKeyId)
  if (secret === undefined) return refuse("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
  const canonical = acs3CanonicalRequest({
    method: request.method,
    path: request.path,
    query: decodeParams(request.query),
    headers: request.headers,
    signedHeaders,
    hashedPayload: sha256Hex(request.body)
  })
  return sameText(acs3Signature(secret, canonical), signature)
    ? { ok: true, accessKeyId }
    : refuse("SignatureDoesNotMatch", "The request signature does not conform to Aliyun standards.")
}

// ---- RPC HMAC-SHA1, "v2" (docs/reference/aliyun.md §3) ----

/** All params but Signature, sorted by key, pct(k) "=" pct(v), joined with "&". */
export const rpcCanonicalQuery = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params).filter((key) => key !== "Signature").sort()
    .map((key) => `${pct(key)}=${pct(params[key] ?? "")}`).join("&")

/** METHOD "&" pct("/") "&" pct(canonical query). */
export const rpcStringToSign = (method: string, params: Readonly<Record<string, string>>): string =>
  `${method.toUpperCase()}&${pct("/")}&${pct(rpcCanonicalQuery(params))}`

/** base64(hmac_sha1(secret + "&", string to sign)). */
export const rpcSignature = (accessKeySecret: string, stringToSign: string): string =>
  createHmac("sha1", `${accessKeySecret}&`).update(stringToSign).digest("base64")

/** Checks the Signature param of an RPC call; `params` are the query and form body params merged. */
export const verifyRpc = (
  method: string,
  params: Readonly<Record<string, string>>,
  secretFor: SecretLookup
): SignatureVerdict => {
  const signature = params["Signature"]
  if (signature === undefined) return refuse("SignatureDoesNotMatch", "The request is not signed.")
  if (params["SignatureMethod"] !== "HMAC-SHA1" || params["SignatureVersion"] !== "1.0") {
    return refuse("IncompleteSignature", "SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.")
  }
  const accessKeyId = params["AccessKeyId"] ?? ""
  const secret = secretFor(accessKeyId)
  if (secret === undefined) return refuse("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
  return sameText(rpcSignature(secret, rpcStringToSign(method, params)), signature)
    ? { ok: true, accessKeyId }
    : refuse("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
}
