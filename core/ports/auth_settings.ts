import type { Duration } from "effect"
import { Context } from "effect"

/** Policy values for sessions, provided by the composition root from configuration. */
export class AuthSettings extends Context.Tag("core/AuthSettings")<AuthSettings, {
  /** How long a token authenticates after it is issued. */
  readonly tokenTtl: Duration.Duration
}>() {}
