import type { FakeError, Params } from "./aliyun_fake_support.ts"
import type { StsCredentials } from "./aliyun_fake_sts.ts"
import { type ReceivedRequest, type SecretLookup, verifyAcs3, verifyRpc } from "./aliyun_signature.ts"

/** A received request with its merged params and the signing style it uses. */
export interface ParsedRequest extends ReceivedRequest {
  readonly params: Params
  readonly style: "acs3" | "rpc"
}

/** What the gateway checks a request against. */
export interface AuthContext {
  readonly secretFor: SecretLookup
  readonly stsCredentials: (accessKeyId: string) => StsCredentials | undefined
  readonly now: number
  readonly maxClockSkewMs: number
  /** Nonces seen so far; a verified request adds its own. */
  readonly nonces: Set<string>
}

/** The outcome of the gateway checks: the caller's AccessKeyId, or the error to answer. */
export type AuthVerdict = { readonly ok: true; readonly accessKeyId: string } | { readonly ok: false; readonly error: FakeError }

const refuse = (status: number, code: string, message: string): AuthVerdict => ({ ok: false, error: { status, code, message } })

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

const checkToken = (accessKeyId: string, token: string | undefined, context: AuthContext): AuthVerdict | undefined => {
  const sts = context.stsCredentials(accessKeyId)
  if (sts === undefined && token === undefined) return undefined
  if (sts === undefined || token !== sts.securityToken) {
    return refuse(400, "InvalidSecurityToken.MismatchWithAccessKey", "The security token does not match the access key.")
  }
  return context.now > sts.expiresAt ? refuse(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.") : undefined
}

/**
 * The gateway's checks, in order: signature (ACS3 header or RPC param), STS security token, timestamp within the
 * allowed skew, then a nonce not seen before (recorded only once everything else passed).
 */
export const authenticate = (request: ParsedRequest, context: AuthContext): AuthVerdict => {
  const acs3 = request.style === "acs3"
  const verdict = acs3 ? verifyAcs3(request, context.secretFor) : verifyRpc(request.method, request.params, context.secretFor)
  if (!verdict.ok) return refuse(verdict.code === "InvalidAccessKeyId.NotFound" ? 404 : 400, verdict.code, verdict.message)
  const token = acs3 ? request.headers["x-acs-security-token"] : request.params["SecurityToken"]
  const tokenRefused = checkToken(verdict.accessKeyId, token, context)
  if (tokenRefused !== undefined) return tokenRefused
  const timestamp = acs3 ? request.headers["x-acs-date"] : request.params["Timestamp"]
  if (timestamp === undefined || !timestampPattern.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return refuse(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
  }
  if (Math.abs(context.now - Date.parse(timestamp)) > context.maxClockSkewMs) {
    return refuse(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
  }
  const nonce = acs3 ? request.headers["x-acs-signature-nonce"] : request.params["SignatureNonce"]
  if (nonce === undefined || nonce === "") {
    return refuse(400, "MissingParameter", "The input parameter \"SignatureNonce\" that is mandatory for processing this request is not supplied.")
  }
  if (context.nonces.has(nonce)) return refuse(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
  context.nonces.add(nonce)
  return verdict
}
