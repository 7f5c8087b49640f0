import { Context, type DateTime } from "effect"

/** Wire settings of the HTTP adapter, provided by the composition root. */
export class HttpSettings extends Context.Tag("adapters/http/HttpSettings")<HttpSettings, {
  /** The zone in which wire times (`gmtCreate` …) are written. */
  readonly timeZone: DateTime.TimeZone
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number
  /** Whether the /demo group (no token) answers at all. */
  readonly demoEnabled: boolean
  /** Requests a minute one client address may make to /demo. */
  readonly demoRatePerMinute: number
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean
  /** Path prefixes whose handlers read the raw body themselves (no parameter folding). */
  readonly rawBodyPaths: ReadonlyArray<string>
}>() {}
