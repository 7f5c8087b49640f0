import { Layer, type DateTime, type Duration } from "effect"
import type { SessionRepository } from "../core/ports/session_repository.ts"
import type { Transactor } from "../core/ports/transactor.ts"
import type { UserRepository } from "../core/ports/user_repository.ts"
import type { PasswordHasher } from "../core/ports/password_hasher.ts"
import { AuthSettings } from "../core/ports/auth_settings.ts"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import { HttpSettings } from "../adapters/http/http_settings.ts"
import type { Readiness } from "../core/ports/readiness.ts"
import * as HttpServerAdapter from "../adapters/http/server.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"

/** What a database layer gives the application. */
export type Database = UserRepository | SessionRepository | Transactor | Readiness

/** Values the application needs besides its database, already read from configuration. */
export interface AppOptions {
  readonly port: number
  readonly host: string
  readonly tokenTtl: Duration.Duration
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
}

/**
 * The whole server over a given database and password hasher: core services, the HTTP adapter, settings.
 * Every root (production, local, tests) is this graph with different leaves.
 */
export const appLayer = <E, R>(
  options: AppOptions,
  database: Layer.Layer<Database, E, R>,
  passwordHasher: Layer.Layer<PasswordHasher>
) =>
  HttpServerAdapter.layer({ port: options.port, host: options.host }).pipe(
    Layer.provide(Layer.mergeAll(
      IdGenerator.layer,
      TokenGenerator.layer,
      ProfileGenerator.layer(`${options.publicUrl}/assets/avatars/`),
      passwordHasher,
      Layer.succeed(AuthSettings, AuthSettings.of({ tokenTtl: options.tokenTtl })),
      Layer.succeed(HttpSettings, HttpSettings.of({ timeZone: options.timeZone, maxBodyBytes: options.maxBodyBytes }))
    )),
    Layer.provide(database)
  )
