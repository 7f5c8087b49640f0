import { Config, ConfigError, ConfigProvider, DateTime, Duration, Effect, Either, Option, Redacted } from "effect"
import { join } from "node:path"
import { signingConfig } from "../adapters/cdn/url_signer.ts"
import { hashLimitsConfig } from "../adapters/crypto/hash_limits.ts"
import { secretTokenConfig } from "../adapters/crypto/secret_token.ts"
import { edgeConfig } from "../adapters/http/http_settings.ts"
import type { IpRange } from "../adapters/http/middleware/ip_address.ts"
import { clientConfig } from "../adapters/postgres/client.ts"
import * as MetricsRoute from "../adapters/telemetry/metrics_route.ts"
import type { AttemptLimit } from "../core/domain/attempt.ts"
import type { AuthThrottles } from "../core/ports/auth_settings.ts"

/** Everything the server reads from the environment; read only here and only inside layers or the main effect. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
  readonly dbPoolSize: number
  /** QU_ADMIN_TOKEN: the admin API's and console's Bearer token; none: the admin API is off. */
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
  /** GET /metrics: with a token on the API port and/or on a loopback port of its own (docs/observability.md). */
  readonly metrics: MetricsRoute.MetricsSettings
  /** Named prepared statements on PostgreSQL (off behind a transaction pooler such as PgBouncer). */
  readonly dbNamedStatements: boolean
  readonly tokenTtl: Duration.Duration
  /** Live sessions per user (a login beyond revokes the oldest). */
  readonly maxSessionsPerUser: number
  /** Limits of failed logins, registrations and anonymous users per username or client address. */
  readonly throttles: AuthThrottles
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
  readonly logFormat: "json" | "logfmt" | "pretty"
  readonly demoEnabled: boolean
  readonly demoRatePerMinute: number
  readonly trustProxy: boolean
  /** The proxies believed about the hop before them in X-Forwarded-For (with trustProxy). */
  readonly trustedProxies: ReadonlyArray<IpRange>
  /** Exact origins allowed to call from a browser (CORS); empty: off. */
  readonly corsOrigins: ReadonlyArray<string>
  readonly media: "auto" | "local" | "aliyun"
  readonly videoExtensions: ReadonlySet<string>
  readonly maxUploadBytes: number
  /** Quotas of unpublished uploads and their expiry (QU_UPLOAD_*). */
  readonly pendingUploads: PendingUploads
  readonly assetBaseUrl: string
  readonly assetsDir: string
  readonly musicUrlTtlSeconds: number
  readonly catalogueCacheTtl: Duration.Duration
  readonly cdnAuthKey: Option.Option<Redacted.Redacted<string>>
  readonly cdnAuthValidity: number
  readonly moderation: "hold" | "off"
  readonly callback: {
    readonly path: `/${string}`
    readonly url: string
    readonly keys: ReadonlyArray<Redacted.Redacted<string>>
    /** With no key, whether unsigned callbacks are accepted (QU_CALLBACK_UNSIGNED=allow; local media only). */
    readonly allowUnsigned: boolean
  }
  readonly localAutoprocess: boolean
  readonly jobWorkerIdle: Duration.Duration
  /** Password hashes running at once, and waiting beyond those (more are refused with "429"). */
  readonly passwordHashing: { readonly concurrency: number; readonly queue: number }
}

/** Video file extensions accepted by default (Alibaba Cloud VOD's list of common containers). */
export const DEFAULT_VIDEO_EXTENSIONS =
  "mp4,mov,m4v,flv,avi,wmv,mkv,3gp,webm,ts,mpg,mpeg,m2ts,mts,f4v,rm,rmvb,asf,vob,ogv,mxf,dv"

const onOff = (name: string, fallback: "on" | "off") =>
  Config.literal("on", "off")(name).pipe(Config.withDefault(fallback), Config.map((v) => v === "on"))

const extensions = Config.string("QU_VIDEO_EXTENSIONS").pipe(
  Config.withDefault(DEFAULT_VIDEO_EXTENSIONS),
  Config.map((list) => new Set(list.split(",").map((e) => e.trim().replace(/^\./, "").toLowerCase()).filter(Boolean))),
  Config.validate({ message: "must list at least one extension, e.g. mp4,mov", validation: (set) => set.size > 0 })
)

const timeZone = Config.string("QU_TIMEZONE").pipe(
  Config.withDefault("Asia/Shanghai"),
  Config.mapOrFail((zone) =>
    Option.match(DateTime.zoneMakeNamed(zone), {
      onNone: () => Either.left(ConfigError.InvalidData(["QU_TIMEZONE"], `not a known IANA time zone: ${zone}`)),
      onSome: (z): Either.Either<DateTime.TimeZone, ConfigError.ConfigError> => Either.right(z)
    })
  )
)

const tokenTtl = Config.duration("QU_TOKEN_TTL").pipe(
  Config.withDefault(Duration.days(30)),
  Config.validate({
    message: "must be a duration between 1 minute and 365 days, e.g. \"30 days\"",
    validation: (d) => Duration.between(d, { minimum: Duration.minutes(1), maximum: Duration.days(365) })
  })
)

// Validated before the default is attached: only then does a bad value's error name the variable.
const integerBetween = (name: string, min: number, max: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: `must be an integer from ${min} to ${max}`, validation: (n) => n >= min && n <= max })
  )

const intBetween = (name: string, fallback: number, min: number, max: number) =>
  integerBetween(name, min, max).pipe(Config.withDefault(fallback))

/** What unpublished uploads a user and an address may hold, and how long they wait for publication. */
export interface PendingUploads {
  readonly perUser: { readonly maxUploads: number; readonly maxBytes: number }
  readonly perAddress: { readonly maxUploads: number; readonly maxBytes: number }
  readonly ttl: Duration.Duration
}

/** The upload quotas by default: generous enough for carrier NAT per address; an undeclared size reserves the maximum. */
export const DEFAULT_PENDING_UPLOADS: PendingUploads = {
  perUser: { maxUploads: 10, maxBytes: 20 * 1024 ** 3 },
  perAddress: { maxUploads: 100, maxBytes: 100 * 1024 ** 3 },
  ttl: Duration.hours(24)
}

const wholeBytes = (name: string, fallback: number) =>
  Config.number(name).pipe(
    Config.validate({ message: "must be a positive whole number of bytes", validation: (n) => Number.isSafeInteger(n) && n > 0 }),
    Config.withDefault(fallback)
  )

const pendingUploads: Config.Config<PendingUploads> = Config.all({
  userUploads: intBetween("QU_UPLOAD_QUOTA_USER_UPLOADS", DEFAULT_PENDING_UPLOADS.perUser.maxUploads, 1, 100_000),
  userBytes: wholeBytes("QU_UPLOAD_QUOTA_USER_BYTES", DEFAULT_PENDING_UPLOADS.perUser.maxBytes),
  addressUploads: intBetween("QU_UPLOAD_QUOTA_ADDRESS_UPLOADS", DEFAULT_PENDING_UPLOADS.perAddress.maxUploads, 1, 1_000_000),
  addressBytes: wholeBytes("QU_UPLOAD_QUOTA_ADDRESS_BYTES", DEFAULT_PENDING_UPLOADS.perAddress.maxBytes),
  ttl: Config.duration("QU_UPLOAD_EXPIRY").pipe(
    Config.validate({
      message: "must be a duration between 1 hour and 30 days, e.g. \"24 hours\"",
      validation: (d) => Duration.between(d, { minimum: Duration.hours(1), maximum: Duration.days(30) })
    }),
    Config.withDefault(DEFAULT_PENDING_UPLOADS.ttl)
  )
}).pipe(Config.map((c) => ({
  perUser: { maxUploads: c.userUploads, maxBytes: c.userBytes },
  perAddress: { maxUploads: c.addressUploads, maxBytes: c.addressBytes },
  ttl: c.ttl
})))

/** Live sessions one user may hold by default (QU_MAX_SESSIONS_PER_USER). */
export const DEFAULT_MAX_SESSIONS_PER_USER = 10

/** The per-caller limits by default (QU_LOGIN_*, QU_REGISTER_*, QU_RANDOM_USER_*). */
export const DEFAULT_THROTTLES: AuthThrottles = {
  loginPerUsername: { max: 10, window: Duration.minutes(15) },
  loginPerAddress: { max: 10, window: Duration.minutes(15) },
  registerPerAddress: { max: 20, window: Duration.hours(1) },
  randomUserPerAddress: { max: 100, window: Duration.hours(1) }
}

// At most `max` in any window of `window` (a duration), both validated before their defaults attach.
const attemptLimit = (maxName: string, windowName: string, fallback: AttemptLimit): Config.Config<AttemptLimit> =>
  Config.all({
    max: intBetween(maxName, fallback.max, 1, 1_000_000),
    window: Config.duration(windowName).pipe(
      Config.validate({
        message: "must be a duration from 1 second to 7 days, e.g. \"15 minutes\"",
        validation: (d) => Duration.between(d, { minimum: Duration.seconds(1), maximum: Duration.days(7) })
      }),
      Config.withDefault(fallback.window)
    )
  })

const throttles: Config.Config<AuthThrottles> = Config.all({
  loginPerUsername: attemptLimit(
    "QU_LOGIN_FAILURES_PER_USERNAME",
    "QU_LOGIN_FAILURE_WINDOW",
    DEFAULT_THROTTLES.loginPerUsername
  ),
  loginPerAddress: attemptLimit("QU_LOGIN_FAILURES_PER_ADDRESS", "QU_LOGIN_FAILURE_WINDOW", DEFAULT_THROTTLES.loginPerAddress),
  registerPerAddress: attemptLimit("QU_REGISTER_PER_ADDRESS", "QU_REGISTER_WINDOW", DEFAULT_THROTTLES.registerPerAddress),
  randomUserPerAddress: attemptLimit(
    "QU_RANDOM_USER_PER_ADDRESS",
    "QU_RANDOM_USER_WINDOW",
    DEFAULT_THROTTLES.randomUserPerAddress
  )
})

const catalogueCacheTtl = Config.duration("QU_CATALOGUE_CACHE_TTL").pipe(
  Config.withDefault(Duration.seconds(5)),
  Config.validate({
    message: "must be a duration from 0 seconds to 1 hour, e.g. \"5 seconds\"",
    validation: (d) => Duration.between(d, { minimum: Duration.zero, maximum: Duration.hours(1) })
  })
)

const assetBaseUrl = Config.string("QU_ASSET_BASE_URL").pipe(
  Config.withDefault(""),
  Config.validate({
    message: "must be an absolute http(s) URL, e.g. https://cdn.example.com/qu/",
    validation: (url) => url === "" || /^https?:\/\/[^\s/?#]+[^\s?#]*$/.test(url)
  })
)

const secret = (name: string) =>
  Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((key) => Redacted.value(key).trim() !== "")))

const callbackPath = Config.string("QU_CALLBACK_PATH").pipe(
  Config.withDefault("/vodcallback/callback"),
  Config.validate({ message: "must be a path starting with /", validation: (p) => /^\/[^\s?#]*$/.test(p) }),
  Config.map((p) => p as `/${string}`)
)

/**
 * The server configuration (PORT, HOST, DATABASE_URL, QU_*); a bad value fails with the variable's name. Settings
 * one adapter owns are declared in that adapter (database client, HTTP edge, CDN signer, password hashing) and
 * composed here; the variables several parts share are declared here.
 */
export const serverConfig: Config.Config<ServerConfig> = Config.all({
  port: Config.port("PORT").pipe(Config.withDefault(8080)),
  host: Config.string("HOST").pipe(Config.withDefault("0.0.0.0")),
  database: clientConfig,
  dataDir: Config.string("QU_DATA_DIR").pipe(Config.withDefault("./.data")),
  adminToken: secretTokenConfig("QU_ADMIN_TOKEN"),
  metrics: MetricsRoute.settingsConfig,
  tokenTtl,
  maxSessionsPerUser: intBetween("QU_MAX_SESSIONS_PER_USER", DEFAULT_MAX_SESSIONS_PER_USER, 1, 1000),
  throttles,
  timeZone,
  publicUrl: Config.string("QU_PUBLIC_URL").pipe(Config.withDefault("")),
  logFormat: Config.literal("json", "logfmt", "pretty")("QU_LOG_FORMAT").pipe(Config.withDefault("json")),
  demoEnabled: onOff("QU_DEMO_API", "on"),
  demoRatePerMinute: intBetween("QU_DEMO_RATE", 60, 1, 1_000_000),
  edge: edgeConfig,
  media: Config.literal("auto", "local", "aliyun")("QU_MEDIA").pipe(Config.withDefault("auto")),
  videoExtensions: extensions,
  maxUploadBytes: Config.number("QU_MAX_UPLOAD_BYTES").pipe(
    Config.withDefault(4 * 1024 ** 3),
    Config.validate({ message: "must be a positive whole number of bytes", validation: (n) => Number.isSafeInteger(n) && n > 0 })
  ),
  pendingUploads,
  assetBaseUrl,
  musicUrlTtlSeconds: intBetween("QU_MUSIC_URL_TTL", 3600, 60, 7 * 24 * 3600),
  catalogueCacheTtl,
  cdn: signingConfig,
  moderation: Config.literal("hold", "off")("QU_MODERATION").pipe(Config.withDefault("hold")),
  callbackPath,
  callbackUrl: Config.string("QU_CALLBACK_URL").pipe(Config.withDefault("")),
  callbackKey: secret("QU_CALLBACK_KEY"),
  callbackKeyPrevious: secret("QU_CALLBACK_KEY_PREVIOUS"),
  callbackUnsigned: Config.literal("refuse", "allow")("QU_CALLBACK_UNSIGNED").pipe(Config.withDefault("refuse")),
  localAutoprocess: onOff("QU_LOCAL_AUTOPROCESS", "on"),
  jobWorkerIdle: intBetween("QU_JOB_POLL_MS", 1000, 10, 600_000).pipe(Config.map(Duration.millis)),
  passwordHashing: hashLimitsConfig
}).pipe(Config.map((c) => {
  const publicUrl = (c.publicUrl === "" ? `http://localhost:${c.port}` : c.publicUrl).replace(/\/+$/, "")
  const { callbackKey, callbackKeyPrevious, callbackPath, callbackUnsigned, callbackUrl, cdn, database, edge, ...rest } = c
  return {
    ...rest,
    ...edge,
    databaseUrl: database.url,
    dbPoolSize: database.poolSize,
    dbNamedStatements: database.namedStatements,
    cdnAuthKey: cdn.authKey,
    cdnAuthValidity: cdn.authValidity,
    callback: {
      path: callbackPath,
      // What VOD signs: the URL configured there, by default this server's own callback address.
      url: callbackUrl === "" ? `${publicUrl}${callbackPath}` : callbackUrl,
      keys: [...Option.toArray(callbackKey), ...Option.toArray(callbackKeyPrevious)],
      allowUnsigned: callbackUnsigned === "allow"
    },
    publicUrl,
    // Relative references resolve against the base, so it must end with a slash.
    assetBaseUrl: (c.assetBaseUrl === "" ? `${publicUrl}/assets/` : c.assetBaseUrl).replace(/\/*$/, "/"),
    assetsDir: join(c.dataDir, "assets")
  }
}))

/**
 * {@link serverConfig} read from the given variables alone, not the process environment (test roots, tools); unset
 * variables take their defaults. Throws the ConfigError of a bad value.
 */
export const serverConfigFrom = (variables: Readonly<Record<string, string>>): ServerConfig =>
  Effect.runSync(Effect.withConfigProvider(serverConfig, ConfigProvider.fromMap(new Map(Object.entries(variables)))))
