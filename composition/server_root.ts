import { Effect, Layer, Logger, LogLevel, Option } from "effect"
import { join } from "node:path"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import * as Otlp from "../adapters/telemetry/otlp.ts"
import { appLayer } from "./app.ts"
import { serverConfig } from "./config.ts"
import { pgliteDatabase, postgresDatabase } from "./databases.ts"
import { makePrivate } from "../adapters/data_dir/private_dir.ts"
import { callbackKeys } from "./callback_keys.ts"
import { mediaLeaves } from "./media.ts"

const loggers = { json: Logger.json, logfmt: Logger.logFmt, pretty: Logger.pretty } as const

/**
 * The production and local root in one, from the environment: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite under QU_DATA_DIR; Alibaba Cloud when configured, else the local media emulator.
 */
export const serverRoot = Layer.unwrapEffect(Effect.gen(function*() {
  const config = yield* serverConfig
  const database = Option.match(config.databaseUrl, {
    onNone: () =>
      pgliteDatabase({ dataDir: join(config.dataDir, "pglite"), poolSize: Math.min(config.dbPoolSize, 4) }),
    onSome: (url) =>
      postgresDatabase({ url, poolSize: config.dbPoolSize, namedStatements: config.dbNamedStatements })
  })
  const { background, kind, media, routes } = yield* mediaLeaves(config)
  const callback = yield* callbackKeys({ ...config.callback, media: kind })
  const where = Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`
  const passwordHasher = ScryptPasswordHasher.layer(config.passwordHashing)
  const leaves = { database, media, routes, background, passwordHasher }
  return appLayer({ ...config, callback: { ...config.callback, keys: callback.keys }, jobWorkerIdle: config.jobWorkerIdle }, leaves).pipe(
    Layer.tap(() =>
      Effect.gen(function*() {
        yield* callback.announce
        // After the start, which may have created files: the data directory is this user's alone (docs/security.md).
        const fixed = yield* makePrivate(config.dataDir)
        if (fixed > 0) yield* Effect.logInfo(`data directory ${config.dataDir}: ${fixed} entries made private (0700/0600)`)
        yield* Effect.logInfo(`qu-appserver ready; database: ${where}`)
      })
    ),
    Layer.provide(Layer.merge(loggers[config.logFormat], Logger.minimumLogLevel(LogLevel.Info))),
    // Under everything, after the loggers: the tracer and the exporting logger reach every fiber (docs/observability.md).
    Layer.provide(Otlp.layerConfig)
  )
}))
