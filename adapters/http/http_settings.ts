import { Context, type DateTime } from "effect"
import type { IpRange } from "./middleware/ip_address.ts"

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
  /** The proxies believed about the hop before them (with `trustProxy`); see forwarded_for.ts. */
  readonly trustedProxies: ReadonlyArray<IpRange>
  /** Origins (exact, e.g. `https://app.example.com`) allowed to call from a browser; none: CORS off. */
  readonly corsOrigins: ReadonlyArray<string>
  /** Path prefixes whose handlers read the raw body themselves (no parameter folding). */
  readonly rawBodyPaths: ReadonlyArray<string>
}>() {}
