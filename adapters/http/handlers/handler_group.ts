import { HttpApiBuilder } from "@effect/platform"
import type { HttpApi, HttpApiGroup } from "@effect/platform"
import { Effect, type Layer, type Scope } from "effect"
import type { DomainError } from "../../../core/domain/errors.ts"
import { mapDomainErrors } from "../wire/error_codes.ts"

// A record, so a new domain error fails the build here until it is listed.
const DOMAIN_TAGS: Readonly<Record<DomainError["_tag"], true>> = {
  ValidationError: true,
  Unauthenticated: true,
  Forbidden: true,
  NotFound: true,
  Conflict: true,
  RateLimited: true,
  Upstream: true,
  Unavailable: true
}

const isDomainError = (error: unknown): error is DomainError =>
  typeof error === "object" && error !== null && "_tag" in error && Object.hasOwn(DOMAIN_TAGS, String(error._tag))

/** A handler's failures with its domain errors turned into the failure envelope (error_codes.ts); others pass. */
const mapped = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, DomainError>, R> =>
  Effect.catchIf(effect, isDomainError, (error) => mapDomainErrors(Effect.fail(error))) as Effect.Effect<
    A,
    Exclude<E, DomainError>,
    R
  >

/** Handlers whose handlers may also fail with a domain error. */
type WithDomainErrors<H> = H extends HttpApiBuilder.Handlers<infer E, infer P, infer R, infer Endpoints>
  ? HttpApiBuilder.Handlers<E | DomainError, P, R, Endpoints>
  : never

type AnyHandler = (request: unknown) => Effect.Effect<unknown, unknown, unknown>
interface AnyHandlers {
  readonly handle: (name: string, handler: AnyHandler, options?: unknown) => AnyHandlers
  readonly handleRaw: (name: string, handler: AnyHandler, options?: unknown) => AnyHandlers
}

// Every handler added through the view is wrapped; each step's result is viewed again, so the whole chain is covered.
const withDomainErrors = (handlers: AnyHandlers): AnyHandlers => {
  const view: AnyHandlers = Object.create(handlers)
  return Object.assign(view, {
    handle: (name: string, handler: AnyHandler, options?: unknown) =>
      withDomainErrors(handlers.handle(name, (request) => mapped(handler(request)), options)),
    handleRaw: (name: string, handler: AnyHandler, options?: unknown) =>
      withDomainErrors(handlers.handleRaw(name, (request) => mapped(handler(request)), options))
  })
}

/**
 * `HttpApiBuilder.group` whose handlers may fail with the core's domain errors: each one becomes the failure
 * envelope through the one mapping (error_codes.ts), so no handler maps them by hand. Other failures (an
 * `ApiFailure` a handler builds itself) pass unchanged.
 */
export const handlerGroup = <
  ApiId extends string,
  Groups extends HttpApiGroup.HttpApiGroup.Any,
  ApiError,
  ApiR,
  const Name extends HttpApiGroup.HttpApiGroup.Name<Groups>,
  Return
>(
  api: HttpApi.HttpApi<ApiId, Groups, ApiError, ApiR>,
  groupName: Name,
  build: (
    handlers: WithDomainErrors<
      HttpApiBuilder.Handlers.FromGroup<ApiError, ApiR, HttpApiGroup.HttpApiGroup.WithName<Groups, Name>>
    >
  ) => HttpApiBuilder.Handlers.ValidateReturn<Return>
): Layer.Layer<
  HttpApiGroup.ApiGroup<ApiId, Name>,
  HttpApiBuilder.Handlers.Error<Return>,
  Exclude<HttpApiBuilder.Handlers.Context<Return> | HttpApiGroup.HttpApiGroup.MiddlewareWithName<Groups, Name>, Scope.Scope>
> =>
  HttpApiBuilder.group(api, groupName, (handlers) => build(withDomainErrors(handlers as never) as never) as never)
