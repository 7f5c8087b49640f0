import { Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"

/** `hex(md5(url + "|" + timestamp + "|" + key))`, the VOD callback signature (docs/reference/aliyun.md §7). */
export const callbackSignature = (url: string, timestamp: string, key: Redacted.Redacted<string>) =>
  createHash("md5").update(`${url}|${timestamp}|${Redacted.value(key)}`, "utf8").digest("hex")

/** Why a signed callback was refused; never includes the expected signature or a key. */
export type SignatureVerdict = "ok" | "missing" | "stale" | "mismatch"

/**
 * Checks X-VOD-TIMESTAMP / X-VOD-SIGNATURE against the current key and, during rotation, the previous one:
 * the timestamp within `skewSeconds` of `nowSeconds`, the signature compared in constant time.
 */
export const verifyCallback = (options: {
  readonly url: string
  readonly keys: ReadonlyArray<Redacted.Redacted<string>>
  readonly timestamp: string | undefined
  readonly signature: string | undefined
  readonly nowSeconds: number
  readonly skewSeconds: number
}): SignatureVerdict => {
  const { signature, timestamp } = options
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return "missing"
  if (Math.abs(options.nowSeconds - Number(timestamp)) > options.skewSeconds) return "stale"
  const given = Buffer.from(signature.toLowerCase(), "utf8")
  const matches = options.keys.some((key) => {
    const expected = Buffer.from(callbackSignature(options.url, timestamp, key), "utf8")
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
  return matches ? "ok" : "mismatch"
}
