import { Cause, Option, Schema } from "effect"

/** Input that breaks a rule; `parameter` names the offending field as the wire calls it. */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  parameter: Schema.String,
  message: Schema.String
}) {}

/** The caller is not (or no longer) logged in: missing, unknown, expired or revoked token, or bad credentials. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: Schema.Literal("missing-token", "invalid-token", "bad-credentials")
}) {}

/** The caller is known but may not do this. */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  message: Schema.String
}) {}

/** The thing named does not exist (or is not visible to the caller). */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  resource: Schema.String,
  id: Schema.String
}) {}

/** The write conflicts with existing state (a taken username, a second publish). */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  message: Schema.String
}) {}

/** Too many requests from this caller; try again later. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  message: Schema.String
}) {}

/** A dependency outside this server (the media cloud) failed; keeps only safe identifiers. */
export class Upstream extends Schema.TaggedError<Upstream>()("Upstream", {
  service: Schema.String,
  code: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {}

/** The capability is switched off or temporarily unavailable. */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", {
  message: Schema.String
}) {}

/**
 * The `Unavailable` in a cause, as a failure or as the defect adapters die with when their infrastructure (the
 * database) cannot be reached: callers answer "retry later" with its message instead of "bug".
 */
export const unavailableIn = (cause: Cause.Cause<unknown>): Option.Option<Unavailable> =>
  Cause.find(cause, (reason) => {
    const value = reason._tag === "Fail" ? reason.error : reason._tag === "Die" ? reason.defect : undefined
    return value instanceof Unavailable ? Option.some(value) : Option.none()
  })

/** Every error a use case may fail with. */
export type DomainError =
  | ValidationError
  | Unauthenticated
  | Forbidden
  | NotFound
  | Conflict
  | RateLimited
  | Upstream
  | Unavailable
