import { Config, ConfigError, Context, type DateTime, Either } from "effect"
import { isExactOrigin } from "./middleware/edge_headers.ts"
import { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies } from "./middleware/forwarded_for.ts"
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

/** The settings of the HTTP edge that the environment sets (QU_MAX_BODY_BYTES, QU_TRUST_PROXY, QU_TRUSTED_PROXIES, QU_CORS_ORIGINS). */
export type EdgeSettings = Pick<Context.Tag.Service<HttpSettings>, "maxBodyBytes" | "trustProxy" | "trustedProxies" | "corsOrigins">

// Unset or empty: loopback and private ranges (middleware/forwarded_for.ts).
const trustedProxies = Config.string("QU_TRUSTED_PROXIES").pipe(
  Config.withDefault(""),
  Config.mapOrFail((list) =>
    Either.mapLeft(
      parseTrustedProxies(list.trim() === "" ? DEFAULT_TRUSTED_PROXIES : list),
      (bad) => ConfigError.InvalidData(["QU_TRUSTED_PROXIES"], `not an IP address or CIDR range: ${bad.join(", ")}`)
    ))
)

const corsOrigins = Config.string("QU_CORS_ORIGINS").pipe(
  Config.withDefault(""),
  Config.mapOrFail((list): Either.Either<ReadonlyArray<string>, ConfigError.ConfigError> => {
    const origins = list.split(",").map((o) => o.trim()).filter((o) => o !== "")
    const bad = origins.filter((o) => !isExactOrigin(o))
    return bad.length === 0 ? Either.right(origins) : Either.left(ConfigError.InvalidData(
      ["QU_CORS_ORIGINS"],
      `must list exact origins such as https://app.example.com (no path, no *, lower case): ${bad.join(", ")}`
    ))
  })
)

/** The one declaration of {@link EdgeSettings}; a bad value fails with the variable's name. */
export const edgeConfig: Config.Config<EdgeSettings> = Config.all({
  // Validated before the default is attached: only then does a bad value's error name the variable.
  maxBodyBytes: Config.integer("QU_MAX_BODY_BYTES").pipe(
    Config.validate({
      message: `must be an integer from 1024 to ${64 * 1024 * 1024}`,
      validation: (n) => n >= 1024 && n <= 64 * 1024 * 1024
    }),
    Config.withDefault(1024 * 1024)
  ),
  trustProxy: Config.literal("on", "off")("QU_TRUST_PROXY").pipe(
    Config.withDefault("off"),
    Config.map((v) => v === "on")
  ),
  trustedProxies,
  corsOrigins
})
