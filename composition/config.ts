import { Config, ConfigError, DateTime, Duration, Either, Option, Redacted } from "effect"
import { join } from "node:path"
import { DEFAULT_HASH_QUEUE, defaultHashConcurrency } from "../adapters/crypto/hash_limits.ts"

/** Everything the server reads from the environment; read only here and only inside layers or the main effect. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
  readonly dbPoolSize: number
  /** Named prepared statements on PostgreSQL (off behind a transaction pooler such as PgBouncer). */
  readonly dbNamedStatements: boolean
  readonly tokenTtl: Duration.Duration
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
  readonly logFormat: "json" | "logfmt" | "pretty"
  readonly demoEnabled: boolean
  readonly demoRatePerMinute: number
  readonly trustProxy: boolean
  readonly media: "auto" | "local" | "aliyun"
  readonly videoExtensions: ReadonlySet<string>
  readonly maxUploadBytes: number
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

// The default depends on the machine (its cores), so it is worked out when the configuration is read.
const hashConcurrency = Config.option(integerBetween("QU_PASSWORD_HASH_CONCURRENCY", 1, 64)).pipe(
  Config.map(Option.getOrElse(defaultHashConcurrency))
)

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

/** The server configuration (PORT, HOST, DATABASE_URL, QU_*); a bad value fails with the variable's name. */
export const serverConfig: Config.Config<ServerConfig> = Config.all({
  port: Config.port("PORT").pipe(Config.withDefault(8080)),
  host: Config.string("HOST").pipe(Config.withDefault("0.0.0.0")),
  // An empty DATABASE_URL means "not set", as shells and .env files often leave it.
  databaseUrl: Config.option(Config.redacted("DATABASE_URL")).pipe(
    Config.map(Option.filter((url) => Redacted.value(url).trim() !== ""))
  ),
  dataDir: Config.string("QU_DATA_DIR").pipe(Config.withDefault("./.data")),
  dbPoolSize: intBetween("QU_DB_POOL_SIZE", 10, 1, 200),
  dbNamedStatements: onOff("QU_DB_NAMED_STATEMENTS", "on"),
  tokenTtl,
  timeZone,
  maxBodyBytes: intBetween("QU_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
  publicUrl: Config.string("QU_PUBLIC_URL").pipe(Config.withDefault("")),
  logFormat: Config.literal("json", "logfmt", "pretty")("QU_LOG_FORMAT").pipe(Config.withDefault("json")),
  demoEnabled: onOff("QU_DEMO_API", "on"),
  demoRatePerMinute: intBetween("QU_DEMO_RATE", 60, 1, 1_000_000),
  trustProxy: onOff("QU_TRUST_PROXY", "off"),
  media: Config.literal("auto", "local", "aliyun")("QU_MEDIA").pipe(Config.withDefault("auto")),
  videoExtensions: extensions,
  maxUploadBytes: Config.number("QU_MAX_UPLOAD_BYTES").pipe(
    Config.withDefault(4 * 1024 ** 3),
    Config.validate({ message: "must be a positive whole number of bytes", validation: (n) => Number.isSafeInteger(n) && n > 0 })
  ),
  assetBaseUrl,
  musicUrlTtlSeconds: intBetween("QU_MUSIC_URL_TTL", 3600, 60, 7 * 24 * 3600),
  catalogueCacheTtl,
  cdnAuthKey: Config.option(Config.redacted("QU_CDN_AUTH_KEY")).pipe(
    Config.map(Option.filter((key) => Redacted.value(key).trim() !== ""))
  ),
  cdnAuthValidity: intBetween("QU_CDN_AUTH_VALIDITY", 1800, 0, 31 * 24 * 3600),
  moderation: Config.literal("hold", "off")("QU_MODERATION").pipe(Config.withDefault("hold")),
  callbackPath,
  callbackUrl: Config.string("QU_CALLBACK_URL").pipe(Config.withDefault("")),
  callbackKey: secret("QU_CALLBACK_KEY"),
  callbackKeyPrevious: secret("QU_CALLBACK_KEY_PREVIOUS"),
  callbackUnsigned: Config.literal("refuse", "allow")("QU_CALLBACK_UNSIGNED").pipe(Config.withDefault("refuse")),
  localAutoprocess: onOff("QU_LOCAL_AUTOPROCESS", "on"),
  jobWorkerIdle: intBetween("QU_JOB_POLL_MS", 1000, 10, 600_000).pipe(Config.map(Duration.millis)),
  hashConcurrency,
  hashQueue: intBetween("QU_PASSWORD_HASH_QUEUE", DEFAULT_HASH_QUEUE, 0, 10_000)
}).pipe(Config.map((c) => {
  const publicUrl = (c.publicUrl === "" ? `http://localhost:${c.port}` : c.publicUrl).replace(/\/+$/, "")
  const { callbackKey, callbackKeyPrevious, callbackPath, callbackUnsigned, callbackUrl, hashConcurrency, hashQueue, ...rest } =
    c
  return {
    ...rest,
    passwordHashing: { concurrency: hashConcurrency, queue: hashQueue },
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
