import type { Duration } from "effect"
import { Context } from "effect"
import type { AttemptLimit } from "../domain/attempt.ts"

/** The per-caller limits of the user endpoints (counted in the database, so every server sees the same counts). */
export interface AuthThrottles {
  /** Failed logins per username (in any letter case); over it every login of that name is refused, right or not. */
  readonly loginPerUsername: AttemptLimit
  /** Failed logins per client address, whatever the username. */
  readonly loginPerAddress: AttemptLimit
  /** Registrations tried per client address (a taken username counts too). */
  readonly registerPerAddress: AttemptLimit
  /** Anonymous users (`/user/randomUser`) created per client address. */
  readonly randomUserPerAddress: AttemptLimit
}

/** Policy values for sessions and sign-in, provided by the composition root from configuration. */
export class AuthSettings extends Context.Tag("core/AuthSettings")<AuthSettings, {
  /** How long a token authenticates after it is issued. */
  readonly tokenTtl: Duration.Duration
  /** Live sessions one user may hold; a new login revokes the oldest beyond this. */
  readonly maxSessionsPerUser: number
  /** Limits on failed logins, registrations and anonymous users. */
  readonly throttles: AuthThrottles
}>() {}
