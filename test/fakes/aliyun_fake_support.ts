import { randomBytes, randomInt, randomUUID } from "node:crypto"

/** Business params of one call: the query and form body merged, decoded. */
export type Params = Readonly<Record<string, string>>

/** An error answer: HTTP status, gateway Code and Message. */
export interface FakeError {
  readonly status: number
  readonly code: string
  readonly message: string
}

/** What an action handler answers: a success body (the server adds RequestId) or an error. */
export type ActionResult =
  | { readonly ok: true; readonly body: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: FakeError }

/** One action of the fake cloud; `now` is the fake's clock in epoch milliseconds. */
export type ActionHandler = (params: Params, now: number) => ActionResult

/** A success answer. */
export const ok = (body: Readonly<Record<string, unknown>>): ActionResult => ({ ok: true, body })

/** An error answer. */
export const fail = (status: number, code: string, message: string): ActionResult =>
  ({ ok: false, error: { status, code, message } })

/** The gateway's answer to a missing required parameter. */
export const missing = (name: string): ActionResult =>
  fail(400, "MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`)

/** The gateway's answer to a malformed parameter. */
export const invalid = (name: string, why: string, code = "InvalidParameter"): ActionResult =>
  fail(400, code, `The specified parameter "${name}" is not valid: ${why}.`)

/** A param, or undefined when absent or empty (the gateway treats both as not supplied). */
export const param = (params: Params, name: string): string | undefined => {
  const value = params[name]
  return value === undefined || value === "" ? undefined : value
}

/** A request id as Alibaba Cloud writes them: an upper-case UUID. */
export const requestId = (): string => randomUUID().toUpperCase()

/** `bytes` random bytes as lower-case hex. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString("hex")

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789"

/** A random base58-looking text, as access keys are. */
export const randomKey = (length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("")

/** A random digit string that does not start with 0. */
export const randomDigits = (length: number): string =>
  `${randomInt(1, 10)}${Array.from({ length: length - 1 }, () => randomInt(10)).join("")}`

/** A fake STS security token. */
export const randomSecurityToken = (): string => `CAIS${randomBytes(180).toString("base64")}`

/** Base64 of the JSON text of a value, as UploadAddress, UploadAuth and PlayAuth are. */
export const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value), "utf8").toString("base64")

/** `YYYY-MM-DDTHH:mm:ssZ` of an epoch-milliseconds instant. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

/** A short-lived upload credential, base64 JSON in the key order of docs/reference/aliyun.md §6. */
export const uploadAuth = (now: number, region: string): string =>
  base64Json({
    SecurityToken: randomSecurityToken(),
    AccessKeyId: `STS.${randomKey(25)}`,
    AccessKeySecret: randomKey(44),
    Expiration: "3000",
    ExpireUTCTime: isoSeconds(now + 3000_000),
    Region: region
  })
