import { Effect } from "effect"
import { ValidationError } from "../../domain/errors.ts"

/** Checks an admin page size: a whole number from 1 to `max`. */
export const checkLimit = (parameter: string, limit: number, max: number) =>
  Number.isInteger(limit) && limit >= 1 && limit <= max
    ? Effect.succeed(limit)
    : Effect.fail(new ValidationError({ parameter, message: `${parameter} must be a whole number from 1 to ${max}` }))

/** The largest page of an admin list. */
export const MAX_ADMIN_PAGE = 100
