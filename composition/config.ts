import { Config, ConfigError, DateTime, Duration, Either, Option, Redacted } from "effect"

/** Everything the server reads from the environment; read only here and only inside layers or the main effect. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
  readonly dbPoolSize: number
  readonly tokenTtl: Duration.Duration
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
  readonly logFormat: "json" | "logfmt" | "pretty"
}

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

const intBetween = (name: string, fallback: number, min: number, max: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `must be an integer from ${min} to ${max}`, validation: (n) => n >= min && n <= max })
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
  tokenTtl,
  timeZone,
  maxBodyBytes: intBetween("QU_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
  publicUrl: Config.string("QU_PUBLIC_URL").pipe(Config.withDefault("")),
  logFormat: Config.literal("json", "logfmt", "pretty")("QU_LOG_FORMAT").pipe(Config.withDefault("json"))
}).pipe(Config.map((c) => ({
  ...c,
  publicUrl: (c.publicUrl === "" ? `http://localhost:${c.port}` : c.publicUrl).replace(/\/+$/, "")
})))
