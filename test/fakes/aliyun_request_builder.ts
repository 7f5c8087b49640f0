import { randomUUID } from "node:crypto"
import { isoSeconds } from "./aliyun_fake_support.ts"
import { acs3CanonicalRequest, acs3Signature, rpcSignature, rpcStringToSign, sha256Hex } from "./aliyun_signature.ts"

/** A signed request ready for `fetch(url, init)`. */
export interface SignedCall {
  readonly url: string
  readonly init: RequestInit
}

/** One call to sign: defaults are the fake's default key, POST, now, a fresh nonce. */
export interface CallInput {
  readonly endpoint: string
  readonly action: string
  readonly version: string
  readonly params?: Readonly<Record<string, string>>
  /** Params sent as an application/x-www-form-urlencoded body instead of the query. */
  readonly bodyParams?: Readonly<Record<string, string>>
  readonly accessKeyId?: string
  readonly accessKeySecret?: string
  readonly securityToken?: string
  readonly method?: "GET" | "POST"
  readonly timestamp?: string
  readonly nonce?: string
}

// The wire form the SDK uses (querystring.stringify): ! ' ( ) * stay raw, unlike the canonical form.
const wireQuery = (params: Readonly<Record<string, string>>): string =>
  Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")

const formInit = (bodyParams: Readonly<Record<string, string>> | undefined) =>
  bodyParams === undefined ? { body: "", headers: {} } : {
    body: wireQuery(bodyParams),
    headers: { "content-type": "application/x-www-form-urlencoded" }
  }

/** An RPC call signed with HMAC-SHA1 in the `Signature` query parameter (docs/reference/aliyun.md §3). */
export const buildRpcCall = (input: CallInput): SignedCall => {
  const method = input.method ?? "POST"
  const query: Record<string, string> = {
    Action: input.action,
    Format: "json",
    Version: input.version,
    Timestamp: input.timestamp ?? isoSeconds(Date.now()),
    SignatureNonce: input.nonce ?? randomUUID(),
    ...input.params,
    ...(input.securityToken === undefined ? {} : { SecurityToken: input.securityToken }),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: input.accessKeyId ?? "testAccessKeyId"
  }
  const signed = { ...query, ...input.bodyParams }
  query["Signature"] = rpcSignature(input.accessKeySecret ?? "testAccessKeySecret", rpcStringToSign(method, signed))
  const form = formInit(input.bodyParams)
  return {
    url: `http://${input.endpoint}/?${wireQuery(query)}`,
    init: method === "GET" ? { method } : { method, headers: form.headers, body: form.body }
  }
}

/** An ACS3-HMAC-SHA256 call: action and version in x-acs-* headers, an Authorization header (docs/reference/aliyun.md §2). */
export const buildAcs3Call = (input: CallInput): SignedCall => {
  const method = input.method ?? "POST"
  const accessKeyId = input.accessKeyId ?? "testAccessKeyId"
  const form = formInit(method === "GET" ? undefined : input.bodyParams)
  const headers: Record<string, string> = {
    host: input.endpoint,
    "x-acs-action": input.action,
    "x-acs-version": input.version,
    "x-acs-date": input.timestamp ?? isoSeconds(Date.now()),
    "x-acs-signature-nonce": input.nonce ?? randomUUID().replaceAll("-", ""),
    "x-acs-content-sha256": sha256Hex(form.body),
    ...form.headers,
    ...(input.securityToken === undefined ? {} : {
      "x-acs-accesskey-id": accessKeyId,
      "x-acs-security-token": input.securityToken
    })
  }
  const query = input.params ?? {}
  const signedHeaders = Object.keys(headers)
  const canonical = acs3CanonicalRequest({ method, path: "/", query, headers, signedHeaders, hashedPayload: headers["x-acs-content-sha256"]! })
  const signature = acs3Signature(input.accessKeySecret ?? "testAccessKeySecret", canonical)
  const { host: _host, ...sent } = headers
  sent["authorization"] = `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signedHeaders.sort().join(";")},Signature=${signature}`
  const search = Object.keys(query).length === 0 ? "" : `?${wireQuery(query)}`
  return {
    url: `http://${input.endpoint}/${search}`,
    init: method === "GET" ? { method, headers: sent } : { method, headers: sent, body: form.body }
  }
}
