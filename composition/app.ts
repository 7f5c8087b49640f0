import { Layer, type DateTime, type Duration } from "effect"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import { HttpSettings } from "../adapters/http/http_settings.ts"
import * as HttpServerAdapter from "../adapters/http/server.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"
import { AuthSettings } from "../core/ports/auth_settings.ts"
import type { CredentialIssuer } from "../core/ports/credential_issuer.ts"
import type { MediaCloud } from "../core/ports/media_cloud.ts"
import type { PasswordHasher } from "../core/ports/password_hasher.ts"
import type { Readiness } from "../core/ports/readiness.ts"
import type { SessionRepository } from "../core/ports/session_repository.ts"
import type { Transactor } from "../core/ports/transactor.ts"
import type { UploadRepository } from "../core/ports/upload_repository.ts"
import { UploadPolicy } from "../core/ports/upload_policy.ts"
import type { UserRepository } from "../core/ports/user_repository.ts"

/** What a database layer gives the application. */
export type Database = UserRepository | SessionRepository | Transactor | UploadRepository | Readiness

/** What a media layer gives the application. */
export type Media = MediaCloud | CredentialIssuer

/** Values the application needs besides its leaves, already read from configuration. */
export interface AppOptions {
  readonly port: number
  readonly host: string
  readonly tokenTtl: Duration.Duration
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
  readonly demoEnabled: boolean
  readonly demoRatePerMinute: number
  readonly trustProxy: boolean
  readonly videoExtensions: ReadonlySet<string>
  readonly maxUploadBytes: number
}

/** The leaves that differ between roots. `routes` adds non-API routes (the local media emulator's object store). */
export interface AppLeaves<E, R> {
  readonly database: Layer.Layer<Database, E, R>
  readonly media: Layer.Layer<Media, E, R>
  readonly passwordHasher: Layer.Layer<PasswordHasher>
  readonly routes?: Layer.Layer<never> | undefined
}

/**
 * The whole server over the given leaves: core services, the HTTP adapter, settings.
 * Every root (production, local, tests) is this graph with different leaves.
 */
export const appLayer = <E, R>(options: AppOptions, leaves: AppLeaves<E, R>) =>
  HttpServerAdapter.layer({ port: options.port, host: options.host, routes: leaves.routes }).pipe(
    Layer.provide(Layer.mergeAll(
      IdGenerator.layer,
      TokenGenerator.layer,
      ProfileGenerator.layer(`${options.publicUrl}/assets/avatars/`),
      leaves.passwordHasher,
      Layer.succeed(AuthSettings, AuthSettings.of({ tokenTtl: options.tokenTtl })),
      Layer.succeed(UploadPolicy, UploadPolicy.of({
        videoExtensions: options.videoExtensions,
        maxFileSize: options.maxUploadBytes
      })),
      Layer.succeed(HttpSettings, HttpSettings.of({
        timeZone: options.timeZone,
        maxBodyBytes: options.maxBodyBytes,
        demoEnabled: options.demoEnabled,
        demoRatePerMinute: options.demoRatePerMinute,
        trustProxy: options.trustProxy
      }))
    )),
    Layer.provide(Layer.merge(leaves.database, leaves.media))
  )
