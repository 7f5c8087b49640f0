import {
  FetchHttpClient,
  HttpApiClient,
  HttpClient,
  HttpClientError,
  HttpClientRequest,
  HttpClientResponse
} from "@effect/platform"
import type { HttpApi, HttpApiEndpoint, HttpApiGroup } from "@effect/platform"
import { Context, Effect, FiberRef, Layer, Option, type ParseResult, Predicate, Redacted, Schema } from "effect"
import type { Simplify } from "effect/Types"
import { Api } from "../contract/api.ts"
import type { ApiFailure } from "../wire/envelope.ts"

// The portable half of the typed client: nothing here needs Node (node.ts adds the undici layer), so it runs on
// FetchHttpClient in a browser too.

/**
 * A failure envelope the server answered (docs/reference/api-contract.md §1): HTTP 200 with `result` "false", a string
 * `code` ("400", "401", "403", "404", "409", "429", "500", "502", "503") and the server's `message` and `requestId`.
 * It carries nothing the caller sent (no token, no password, no URL), so it may be logged as is.
 */
export class QuApiError extends Schema.TaggedError<QuApiError>()("QuApiError", {
  /** The operation called, as `group.endpoint` (e.g. "user.login"). */
  operation: Schema.String,
  code: Schema.String,
  message: Schema.String,
  requestId: Schema.String
}) {}

/**
 * Everything a call can fail with: a failure envelope ({@link QuApiError}), a transport failure or an answer that is
 * neither a failure envelope nor what the contract promises (`HttpClientError`: `RequestError` / `ResponseError`), or
 * a request or answer that does not fit the contract's schemas (`ParseError`; a request is checked before it is sent).
 */
export type QuClientError = QuApiError | HttpClientError.HttpClientError | ParseResult.ParseError

/** The groups of the contract. */
type Groups = typeof Api extends HttpApi.HttpApi<infer _Id, infer G, infer _E, infer _R> ? G : never

/** The `data` of a success envelope; a non-envelope answer (the /health and /ready probes) as it is. */
export type Unwrapped<A> = A extends { readonly result: "true"; readonly code: "200"; readonly data: infer D } ? D : A

/** One operation: its request as the contract types it, the `data` of its success envelope, typed failures. */
export type QuMethod<Endpoint, GroupError> = [Endpoint] extends [
  HttpApiEndpoint.HttpApiEndpoint<
    infer _Name,
    infer _Method,
    infer Path,
    infer UrlParams,
    infer Payload,
    infer Headers,
    infer Success,
    infer Error,
    infer _R,
    infer _RE
  >
] ? (
    request: Simplify<HttpApiEndpoint.HttpApiEndpoint.ClientRequest<Path, UrlParams, Payload, Headers, false>>
  ) => Effect.Effect<Unwrapped<Success>, QuClientError | Exclude<Error | GroupError, ApiFailure>>
  : never

/** The operations of one group, by endpoint name. */
export type QuGroup<Group> = [Group] extends [
  HttpApiGroup.HttpApiGroup<infer _Name, infer Endpoints, infer GroupError, infer _R, infer _TopLevel>
] ? { readonly [Endpoint in Endpoints as HttpApiEndpoint.HttpApiEndpoint.Name<Endpoint>]: QuMethod<Endpoint, GroupError> }
  : never

/**
 * The typed client of the whole contract ({@link Api}): one property per group, one method per endpoint, e.g.
 * `client.user.login({ urlParams: { username, password } })`. A success yields the envelope's `data`; a failure
 * envelope fails with {@link QuApiError}. `withToken` gives the same client acting as a logged-in user.
 */
export type QuClient =
  & { readonly [Group in Groups as HttpApiGroup.HttpApiGroup.Name<Group>]: QuGroup<Group> }
  & {
    /** The same client sending `Authorization: Bearer <token>` on every call (the token never goes in a URL). */
    readonly withToken: (token: string | Redacted.Redacted<string>) => QuClient
  }

/** Where the server is. */
export interface QuClientOptions {
  /** The server's base URL, e.g. "http://127.0.0.1:8080". */
  readonly baseUrl: string | URL
}

/** The token of the calls in progress: set per call by `withToken`, read when the request is prepared. */
const CurrentToken = FiberRef.unsafeMake<Option.Option<Redacted.Redacted<string>>>(Option.none())

/** A failure envelope on the wire; `code` "200" is never a failure. */
const WireFailure = Schema.Struct({
  result: Schema.Literal("false"),
  code: Schema.String.pipe(Schema.filter((code) => code !== "200")),
  message: Schema.String,
  requestId: Schema.String
})
const decodeFailure = Schema.decodeUnknownOption(Schema.parseJson(WireFailure))

/** Carries a failure envelope through the HttpClient (as the cause of a ResponseError) to the typed wrapper. */
class Refusal {
  readonly failure: typeof WireFailure.Type
  constructor(failure: typeof WireFailure.Type) {
    this.failure = failure
  }
}

/**
 * Prepares a request as the apps send it: the token as a Bearer header, and a POST's parameters as a form body
 * rather than in the URL (the contract accepts both; a body keeps passwords and tokens out of URLs and access logs).
 */
const prepare = (request: HttpClientRequest.HttpClientRequest, token: Option.Option<Redacted.Redacted<string>>) => {
  const authorized = Option.isSome(token) ? HttpClientRequest.bearerToken(request, token.value) : request
  if (authorized.method !== "POST" || authorized.body._tag !== "Empty" || authorized.urlParams.length === 0) {
    return authorized
  }
  // A new request, as `setUrlParams` keeps the parameters it is not given (a fragment is never sent anyway).
  return HttpClientRequest.post(authorized.url).pipe(
    HttpClientRequest.setHeaders(authorized.headers),
    HttpClientRequest.bodyUrlParams(authorized.urlParams)
  )
}

/**
 * Reads a JSON answer once: a failure envelope fails the call (with a {@link Refusal} cause), anything else goes on to
 * the contract's decoding, as a fresh response over the bytes already read.
 */
const screen = (response: HttpClientResponse.HttpClientResponse) => {
  if (!(response.headers["content-type"] ?? "").includes("json")) return Effect.succeed(response)
  return Effect.flatMap(response.arrayBuffer, (bytes) =>
    Option.match(decodeFailure(new TextDecoder().decode(bytes)), {
      onSome: (failure) =>
        Effect.fail(
          new HttpClientError.ResponseError({
            request: response.request,
            response,
            reason: "StatusCode",
            cause: new Refusal(failure),
            description: `the server answered code ${failure.code}`
          })
        ),
      onNone: () => {
        // The bytes are already decompressed: the copy must not claim an encoding or the original length.
        const { "content-encoding": _encoding, "content-length": _length, ...headers } = response.headers
        return Effect.succeed(
          HttpClientResponse.fromWeb(response.request, new Response(bytes, { status: response.status, headers }))
        )
      }
    }))
}

const transformClient = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  client.pipe(
    HttpClient.mapRequestEffect((request) => Effect.map(FiberRef.get(CurrentToken), (token) => prepare(request, token))),
    HttpClient.transformResponse(Effect.flatMap(screen))
  )

const isSuccessEnvelope = (value: unknown): value is { readonly data: unknown } =>
  Predicate.isRecord(value) && value.result === "true" && value.code === "200" && "data" in value

type AnyMethod = (request: unknown) => Effect.Effect<unknown, unknown>

/** Lifts the carried failure envelopes to {@link QuApiError} and unwraps success envelopes. */
const wrapMethod = (operation: string, method: AnyMethod, token: Option.Option<Redacted.Redacted<string>>): AnyMethod =>
(request) =>
  method(request).pipe(
    Effect.map((value) => isSuccessEnvelope(value) ? value.data : value),
    Effect.catchIf(
      (error): error is HttpClientError.ResponseError =>
        error instanceof HttpClientError.ResponseError && error.cause instanceof Refusal,
      (error) => {
        const { code, message, requestId } = (error.cause as Refusal).failure
        return Effect.fail(new QuApiError({ operation, code, message, requestId }))
      }
    ),
    Effect.locally(CurrentToken, token)
  )

const wrap = (
  raw: Readonly<Record<string, Readonly<Record<string, AnyMethod>>>>,
  token: Option.Option<Redacted.Redacted<string>>
): QuClient => {
  const client: Record<string, unknown> = {}
  for (const [group, methods] of Object.entries(raw)) {
    client[group] = Object.fromEntries(
      Object.entries(methods).map(([name, method]) => [name, wrapMethod(`${group}.${name}`, method, token)])
    )
  }
  client.withToken = (next: string | Redacted.Redacted<string>) =>
    wrap(raw, Option.some(Redacted.isRedacted(next) ? next : Redacted.make(next)))
  return client as QuClient
}

/**
 * Derives the client from the contract ({@link Api}) with `HttpApiClient.make`, on the `HttpClient` in context.
 * It starts without a token; see `withToken`.
 */
export const make = Effect.fn("QuClient.make")(function*(options: QuClientOptions) {
  const raw = yield* HttpApiClient.make(Api, { baseUrl: options.baseUrl, transformClient })
  return wrap(raw as unknown as Readonly<Record<string, Readonly<Record<string, AnyMethod>>>>, Option.none())
})

/** The typed client as a service. */
export class ApiClient extends Context.Tag("adapters/http/client/ApiClient")<ApiClient, QuClient>() {}

/** The client on the `HttpClient` the caller provides. */
export const layer = (options: QuClientOptions): Layer.Layer<ApiClient, never, HttpClient.HttpClient> =>
  Layer.effect(ApiClient, make(options))

/** The client on the platform's `fetch` (browsers, Deno, Node ≥ 18). */
export const layerFetch = (options: QuClientOptions): Layer.Layer<ApiClient> =>
  Layer.provide(layer(options), FetchHttpClient.layer)
