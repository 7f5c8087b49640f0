import { HttpIncomingMessage, type HttpServerRequest } from "@effect/platform"
import { Data, Effect, Option } from "effect"

/** A request whose body cannot become parameters; `message` is safe to send back. */
export class BadRequestBody extends Data.TaggedError("BadRequestBody")<{ readonly message: string }> {}

const tooLarge = (limit: number) =>
  new BadRequestBody({ message: `Request body is larger than the limit of ${limit} bytes` })

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

const readBodyParams = (request: HttpServerRequest.HttpServerRequest, contentType: string) => {
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Effect.map(request.urlParamsBody, (params) => params as ReadonlyArray<readonly [string, string]>)
  }
  if (contentType.includes("application/json")) {
    return Effect.flatMap(request.text, (text) =>
      text.trim() === "" ? Effect.succeed([]) : Effect.try({
        try: () => JSON.parse(text) as unknown,
        catch: () => new BadRequestBody({ message: "Request body is not valid JSON" })
      }).pipe(Effect.flatMap(jsonToParams)))
  }
  return Effect.succeed([] as ReadonlyArray<readonly [string, string]>)
}

/**
 * Folds the parameters of a POST body (form or JSON) into the request's query string, body values winning, so every
 * endpoint decodes one parameter map whatever way the app sent it (contract §2). Bodies over `maxBodyBytes` fail.
 */
export const withBodyParams = (request: HttpServerRequest.HttpServerRequest, maxBodyBytes: number) => {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") {
    return Effect.succeed(request)
  }
  const contentType = (request.headers["content-type"] ?? "").toLowerCase()
  // Only parameter bodies are limited here; file uploads (PUT of a video) stream past untouched.
  if (!contentType.includes("application/x-www-form-urlencoded") && !contentType.includes("application/json")) {
    return Effect.succeed(request)
  }
  const declared = Number(request.headers["content-length"] ?? "0")
  if (declared > maxBodyBytes) return Effect.fail(tooLarge(maxBodyBytes))
  return readBodyParams(request, contentType).pipe(
    HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)),
    Effect.catchTag("RequestError", () => Effect.fail(tooLargeOrUnreadable(maxBodyBytes))),
    Effect.map((bodyParams) => {
      if (bodyParams.length === 0) return request
      const url = new URL(request.url, "http://localhost")
      for (const [key] of bodyParams) url.searchParams.delete(key)
      for (const [key, value] of bodyParams) url.searchParams.append(key, value)
      return request.modify({ url: `${url.pathname}${url.search}` })
    })
  )
}

const tooLargeOrUnreadable = (limit: number) =>
  new BadRequestBody({ message: `Request body could not be read (the limit is ${limit} bytes)` })
