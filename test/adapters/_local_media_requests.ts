import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Redacted, Schema } from "effect"
import type { ObjectRequestHandler } from "../../adapters/local_media/object_routes.ts"
import { OBJECT_PATH_PREFIX } from "../../adapters/local_media/object_routes.ts"

/** Requests to the local media emulator's object routes, run on the handler itself, and its encoded credentials. */

// §6 of the reference: exactly these fields, all strings, in this order.
export const UploadAddress = Schema.Struct({ Endpoint: Schema.String, Bucket: Schema.String, FileName: Schema.String })
export const UploadAuth = Schema.Struct({
  SecurityToken: Schema.String,
  AccessKeyId: Schema.String,
  AccessKeySecret: Schema.String,
  Expiration: Schema.String,
  ExpireUTCTime: Schema.String,
  Region: Schema.String
})
export const base64Json = <A, I>(schema: Schema.Schema<A, I>, encoded: string) => {
  const text = Buffer.from(encoded, "base64").toString("utf8")
  const value = Schema.decodeUnknownSync(Schema.parseJson(schema), { onExcessProperty: "error" })(text)
  return { value, keys: Object.keys(JSON.parse(text) as object) }
}
export const address = (encoded: string) => base64Json(UploadAddress, encoded).value
export const auth = (encoded: Redacted.Redacted<string>) => base64Json(UploadAuth, Redacted.value(encoded)).value

export interface Send {
  readonly headers?: Record<string, string>
  readonly body?: Uint8Array
}

/** Runs one request through the handler and returns the web Response with its body read. */
export const send = (handler: ObjectRequestHandler, method: string, path: string, init: Send = {}) =>
  Effect.gen(function*() {
    const request = new Request(`http://localhost${OBJECT_PATH_PREFIX}local/${path}`, {
      method,
      headers: init.headers ?? {},
      body: init.body ?? null
    })
    const response = HttpServerResponse.toWeb(yield* handler(HttpServerRequest.fromWeb(request)))
    const body = Buffer.from(yield* Effect.promise(() => response.arrayBuffer()))
    return { status: response.status, headers: response.headers, body }
  })

export const upload = (handler: ObjectRequestHandler, key: string, token: string | undefined, body: Uint8Array) =>
  send(handler, "PUT", key, { headers: token === undefined ? {} : { "x-oss-security-token": token }, body })

