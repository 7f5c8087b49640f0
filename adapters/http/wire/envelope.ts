import { Effect, FiberRef, Schema } from "effect"

/** The id of the request being served; set by the request middleware, read when building envelopes. */
export const CurrentRequestId = FiberRef.unsafeMake("")

/** The success envelope of docs/reference/api-contract.md §1 around a payload schema. */
export const Envelope = <S extends Schema.Schema.Any>(data: S) =>
  Schema.Struct({
    result: Schema.Literal("true"),
    requestId: Schema.String,
    code: Schema.Literal("200"),
    message: Schema.String,
    data
  })

/** The failure envelope of docs/reference/api-contract.md §1: HTTP 200 with `result` "false", a string `code` and `data` null. */
export class ApiFailure extends Schema.TaggedError<ApiFailure>()("ApiFailure", {
  result: Schema.Literal("false"),
  requestId: Schema.String,
  code: Schema.String,
  message: Schema.String,
  data: Schema.Null
}, { status: 200, description: "Any business failure: the envelope with result \"false\" and a code" }) {}

/** Encodes an ApiFailure without its internal `_tag`, as it goes on the wire. */
export const failureJson = (failure: { readonly requestId: string; readonly code: string; readonly message: string }) => ({
  result: "false" as const,
  requestId: failure.requestId,
  code: failure.code,
  message: failure.message,
  data: null
})

/** Wraps a payload in the success envelope of the current request. */
export const ok = <A>(data: A, message = "") =>
  Effect.map(FiberRef.get(CurrentRequestId), (requestId) => ({
    result: "true" as const,
    requestId,
    code: "200" as const,
    message,
    data
  }))

/** A failure envelope of the current request. */
export const fail = (code: string, message: string) =>
  Effect.flatMap(FiberRef.get(CurrentRequestId), (requestId) =>
    Effect.fail(new ApiFailure({ result: "false", requestId, code, message, data: null })))
