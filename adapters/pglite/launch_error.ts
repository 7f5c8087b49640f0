import { Data } from "effect"

/** The embedded database could not be started. */
export class PgliteLaunchError extends Data.TaggedError("PgliteLaunchError")<{
  readonly message: string
  readonly cause: unknown
}> {}
