import type { HttpServerRequest } from "@effect/platform"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { Data, Effect } from "effect"

/** A request whose body cannot become parameters; `message` is safe to send back. */
export class BadRequestBody extends Data.TaggedError("BadRequestBody")<{ readonly message: string }> {}

const tooLarge = (limit: number) =>
  new BadRequestBody({ message: `Request body is larger than the limit of ${limit} bytes` })

const unreadable = (limit: number) =>
  new BadRequestBody({ message: `Request body could not be read (the limit is ${limit} bytes)` })

/**
 * The body as UTF-8 text, at most `maxBytes` of it, with or without a Content-Length. A declared length over the
 * limit fails before reading; past the limit while reading it fails at once and lets the rest drain unread:
 * destroying the request (as the platform's reader does) resets the connection before the answer is written.
 */
export const readBodyText = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Number(request.headers["content-length"] ?? "0") > maxBytes
    ? Effect.fail(tooLarge(maxBytes))
    : readUpTo(request, maxBytes)

const readUpTo = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) =>
  Effect.async<string, BadRequestBody>((resume) => {
    const source = NodeHttpServerRequest.toIncomingMessage(request)
    const chunks: Array<Buffer> = []
    let size = 0
    const stop = () => {
      source.off("data", onData).off("end", onEnd).off("error", onError).off("close", onError)
      source.resume()
    }
    function onData(chunk: Buffer) {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      stop()
      resume(Effect.fail(tooLarge(maxBytes)))
    }
    function onEnd() {
      stop()
      resume(Effect.succeed(Buffer.concat(chunks).toString("utf8")))
    }
    function onError() {
      stop()
      resume(Effect.fail(unreadable(maxBytes)))
    }
    if (source.readableEnded) return resume(Effect.succeed(""))
    source.on("data", onData).on("end", onEnd).on("error", onError).on("close", onError)
    return Effect.sync(stop)
  })

const jsonToParams = (body: unknown): Effect.Effect<Array<[string, string]>, BadRequestBody> => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return Effect.fail(new BadRequestBody({ message: "JSON body must be an object of parameters" }))
  }
  const out: Array<[string, string]> = []
  for (const [key, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) {
      if (v === null || v === undefined) continue
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push([key, String(v)])
      else return Effect.fail(new BadRequestBody({ message: `Parameter ${key} must be a string, number or boolean` }))
    }
  }
  return Effect.succeed(out)
}

// JSON.parse is iterative in V8, so any nesting is safe here; jsonToParams then accepts only flat values.
const bodyParams = (
  text: string,
  json: boolean
): Effect.Effect<ReadonlyArray<readonly [string, string]>, BadRequestBody> => {
  if (!json) return Effect.succeed([...new URLSearchParams(text)])
  if (text.trim() === "") return Effect.succeed([])
  return Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: () => new BadRequestBody({ message: "Request body is not valid JSON" })
  }).pipe(Effect.flatMap(jsonToParams))
}

/**
 * Folds the parameters of a POST body (form or JSON) into the request's query string, body values winning, so every
 * endpoint decodes one parameter map whatever way the app sent it (docs/reference/api-contract.md §2). Bodies over `maxBodyBytes` fail.
 */
export const withBodyParams = (request: HttpServerRequest.HttpServerRequest, maxBodyBytes: number) => {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") {
    return Effect.succeed(request)
  }
  const contentType = (request.headers["content-type"] ?? "").toLowerCase()
  const json = contentType.includes("application/json")
  // Only parameter bodies are limited here; file uploads (PUT of a video) stream past untouched.
  if (!json && !contentType.includes("application/x-www-form-urlencoded")) return Effect.succeed(request)
  return readBodyText(request, maxBodyBytes).pipe(
    Effect.flatMap((text) => bodyParams(text, json)),
    Effect.map((params) => {
      if (params.length === 0) return request
      const url = new URL(request.url, "http://localhost")
      for (const [key] of params) url.searchParams.delete(key)
      for (const [key, value] of params) url.searchParams.append(key, value)
      return request.modify({ url: `${url.pathname}${url.search}` })
    })
  )
}
