import { Effect } from "effect"
import type { DomainError } from "../../../core/domain/errors.ts"
import { fail } from "./envelope.ts"

/** The message every authentication failure carries (docs/reference/api-contract.md §3). */
export const PLEASE_LOG_IN = "Please log in the system!"
/** Same text for an unknown username and a wrong password, so neither can be told apart. */
export const BAD_CREDENTIALS = "Incorrect username or password"

/** The one mapping from domain errors to envelope codes and messages. */
export const toWire = (error: DomainError): { readonly code: string; readonly message: string } => {
  switch (error._tag) {
    case "ValidationError":
      return { code: "400", message: error.message }
    case "Unauthenticated":
      return { code: "401", message: error.reason === "bad-credentials" ? BAD_CREDENTIALS : PLEASE_LOG_IN }
    case "Forbidden":
      return { code: "403", message: error.message }
    case "NotFound":
      return { code: "404", message: `${error.resource} not found: ${error.id}` }
    case "Conflict":
      return { code: "409", message: error.message }
    case "RateLimited":
      return { code: "429", message: error.message }
    case "Upstream":
      return {
        code: "502",
        message: `The media cloud failed (${error.service} ${error.code}${error.requestId ? `, request ${error.requestId}` : ""})`
      }
    case "Unavailable":
      return { code: "503", message: error.message }
  }
}

/** Turns a use case's domain failures into the failure envelope. */
export const mapDomainErrors = <A, R>(effect: Effect.Effect<A, DomainError, R>) =>
  Effect.catchAll(effect, (error) => {
    const { code, message } = toWire(error)
    return fail(code, message)
  })
