import { DateTime, Duration, Effect, Layer, Option, Redacted } from "effect"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import { HttpSettings } from "../adapters/http/http_settings.ts"
import { AdminSettings } from "../adapters/http/middleware/admin_authentication.ts"
import { recordJobQueue } from "../adapters/telemetry/metrics.ts"
import * as MetricsRoute from "../adapters/telemetry/metrics_route.ts"
import type { IpRange } from "../adapters/http/middleware/ip_address.ts"
import * as HttpServerAdapter from "../adapters/http/server.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"
import type { AttemptRepository } from "../core/ports/attempt_repository.ts"
import { AuthSettings, type AuthThrottles } from "../core/ports/auth_settings.ts"
import type { CatalogueAdmin } from "../core/ports/catalogue_admin.ts"
import type { CatalogueReader } from "../core/ports/catalogue_reader.ts"
import type { CredentialIssuer } from "../core/ports/credential_issuer.ts"
import type { MediaCloud } from "../core/ports/media_cloud.ts"
import type { PasswordHasher } from "../core/ports/password_hasher.ts"
import type { Readiness } from "../core/ports/readiness.ts"
import type { SessionRepository } from "../core/ports/session_repository.ts"
import type { Transactor } from "../core/ports/transactor.ts"
import type { UploadRepository } from "../core/ports/upload_repository.ts"
import { UploadPolicy } from "../core/ports/upload_policy.ts"
import type { UserRepository } from "../core/ports/user_repository.ts"
import { JobRepository } from "../core/ports/job_repository.ts"
import type { VideoRepository } from "../core/ports/video_repository.ts"
import { VideoSettings } from "../core/ports/video_settings.ts"
import type { VodEventRepository } from "../core/ports/vod_event_repository.ts"
import type { ModerationMode } from "../core/domain/video.ts"
import { maintainForever } from "../core/use_cases/maintenance/maintenance.ts"
import { runJobsForever } from "../core/use_cases/videos/run_jobs.ts"
import * as VodCallback from "../adapters/http/handlers/vod_callback.ts"
import type { DataVersions } from "../core/ports/data_versions.ts"
import * as SessionCache from "../core/caches/session_cache.ts"
import { OBJECT_PATH_PREFIX, OBJECT_ROOT_PREFIX } from "../adapters/local_media/formats.ts"
import type { LocalMediaRecords } from "../adapters/local_media/media_records.ts"
import { catalogueLayer, type CatalogueOptions } from "./catalogue.ts"

/** What a database layer gives the application. */
export type Database =
  | UserRepository
  | SessionRepository
  | AttemptRepository
  | Transactor
  | UploadRepository
  | Readiness
  | CatalogueReader
  | CatalogueAdmin
  | VideoRepository
  | VodEventRepository
  | JobRepository
  | DataVersions
  | LocalMediaRecords

/** What a media layer gives the application. */
export type Media = MediaCloud | CredentialIssuer

/** Values the application needs besides its leaves, already read from configuration. */
export interface AppOptions extends CatalogueOptions {
  readonly port: number
  readonly host: string
  /** The admin API's and console's Bearer token (QU_ADMIN_TOKEN); none: the admin API answers "404". */
  readonly adminToken?: Option.Option<Redacted.Redacted<string>> | string | undefined
  /** GET /metrics: a token on the API port and/or a loopback port of its own (docs/observability.md); off when undefined. */
  readonly metrics?: MetricsRoute.MetricsSettings | undefined
  readonly tokenTtl: Duration.Duration
  /** Live sessions per user; a login beyond revokes the oldest. */
  readonly maxSessionsPerUser: number
  /** Per-username and per-address limits of login failures, registrations and anonymous users. */
  readonly throttles: AuthThrottles
  readonly timeZone: DateTime.TimeZone
  readonly maxBodyBytes: number
  readonly publicUrl: string
  readonly demoEnabled: boolean
  readonly demoRatePerMinute: number
  readonly trustProxy: boolean
  /** Proxies believed about the hop before them in X-Forwarded-For (with trustProxy). */
  readonly trustedProxies: ReadonlyArray<IpRange>
  /** Exact origins allowed to call from a browser (CORS); empty: off. */
  readonly corsOrigins: ReadonlyArray<string>
  readonly videoExtensions: ReadonlySet<string>
  readonly maxUploadBytes: number
  /** Quotas of unpublished uploads and their expiry; none when undefined (tests that do not test them). */
  readonly pendingUploads?: UploadPolicy["Type"]["pending"]
  /** The catalogue fast path in front of the Effect app; on unless false. */
  readonly fastPath?: boolean | undefined
  /** `hold`: the feed shows a video once its audit passes; `off`: at once. */
  readonly moderation: ModerationMode
  /** The VOD callback endpoint: its path, the URL VOD signs, and the keys (none: unsigned callbacks accepted). */
  readonly callback: {
    readonly path: `/${string}`
    readonly url: string
    readonly keys: ReadonlyArray<Redacted.Redacted<string>>
  }
  /** How long the job worker idles when no job is due; no worker when undefined. */
  readonly jobWorkerIdle?: Duration.Duration | undefined
  /** How often the job worker's housekeeping runs (upload expiry); a minute when not given. */
  readonly maintenanceInterval?: Duration.Duration | undefined
  /** With "json" the fast path writes its log lines itself, in the JSON logger's shape; otherwise through the loggers. */
  readonly logFormat?: "json" | "logfmt" | "pretty" | undefined
  /** Where the read lane writes its JSON lines instead of stdout (benches); the loggers are the caller's to set. */
  readonly logSink?: ((text: string) => void) | undefined
}

/**
 * The leaves that differ between roots. `routes` adds non-API routes (the local media emulator's object store). The
 * media and its routes may use the database (the emulator keeps its records there).
 */
export interface AppLeaves<E, R> {
  readonly database: Layer.Layer<Database, E, R>
  readonly media: Layer.Layer<Media, E, R | Database>
  readonly passwordHasher: Layer.Layer<PasswordHasher>
  readonly routes?: Layer.Layer<never, never, R | Database> | undefined
  /** Background work that runs with the server (the local autoprocess). */
  readonly background?: Layer.Layer<never, E, R | Database | Media> | undefined
}

// The admin catalogue import reads its own JSON body (a whole catalogue file), not folded parameters.
const ADMIN_CATALOGUE_PATH = "/admin/catalogue"

const adminTokenOf = (token: AppOptions["adminToken"]): Option.Option<Redacted.Redacted<string>> =>
  typeof token === "string" ? Option.some(Redacted.make(token)) : token ?? Option.none()

/** Before each scrape: the job queue gauges from the queue's backlog now (age 0 when nothing is due). */
const sampleJobQueue = Effect.gen(function*() {
  const now = yield* DateTime.now
  const stats = yield* (yield* JobRepository).stats(now)
  const oldestAgeSeconds = Option.match(stats.oldestDueAt, {
    onNone: () => 0,
    onSome: (dueAt) => Math.max(0, DateTime.distance(dueAt, now) / 1000)
  })
  yield* recordJobQueue({ depth: stats.due, oldestAgeSeconds })
})

/**
 * The whole server over the given leaves: core services, the HTTP adapter, settings.
 * Every root (production, local, tests) is this graph with different leaves.
 */
export const appLayer = <E, R>(options: AppOptions, leaves: AppLeaves<E, R>) =>
  HttpServerAdapter.layer({
    port: options.port,
    host: options.host,
    routes: Layer.mergeAll(
      leaves.routes ?? Layer.empty,
      VodCallback.routesLayer,
      options.metrics === undefined ? Layer.empty : MetricsRoute.routesLayer(options.metrics, { sample: sampleJobQueue })
    ),
    fastPath: options.fastPath,
    fastPathLog: options.logSink !== undefined
      ? { write: options.logSink }
      : options.logFormat === "json"
      ? "json-lines"
      : "loggers"
  }).pipe(
    Layer.merge(Layer.mergeAll(
      leaves.background ?? Layer.empty,
      options.metrics === undefined ? Layer.empty : MetricsRoute.listenerLayer(options.metrics, { sample: sampleJobQueue }),
      options.jobWorkerIdle === undefined
        ? Layer.empty
        : Layer.scopedDiscard(Effect.zipRight(
          Effect.forkScoped(runJobsForever(options.jobWorkerIdle)),
          Effect.forkScoped(maintainForever(options.maintenanceInterval ?? Duration.minutes(1)))
        ))
    )),
    // provideMerge: roots and tests reach the catalogue (import, cache) of the running server.
    Layer.provideMerge(catalogueLayer(options)),
    Layer.provide(SessionCache.sessionCacheLayer()),
    Layer.provide(Layer.mergeAll(
      IdGenerator.layer,
      TokenGenerator.layer,
      ProfileGenerator.layer(`${options.publicUrl}/assets/avatars/`),
      leaves.passwordHasher,
      Layer.succeed(AuthSettings, AuthSettings.of({
        tokenTtl: options.tokenTtl,
        maxSessionsPerUser: options.maxSessionsPerUser,
        throttles: options.throttles
      })),
      Layer.succeed(VideoSettings, VideoSettings.of({ moderation: options.moderation })),
      Layer.succeed(VodCallback.CallbackSettings, VodCallback.CallbackSettings.of({
        ...options.callback,
        maxBodyBytes: options.maxBodyBytes
      })),
      Layer.succeed(UploadPolicy, UploadPolicy.of({
        videoExtensions: options.videoExtensions,
        maxFileSize: options.maxUploadBytes,
        pending: options.pendingUploads
      })),
      Layer.succeed(HttpSettings, HttpSettings.of({
        timeZone: options.timeZone,
        maxBodyBytes: options.maxBodyBytes,
        demoEnabled: options.demoEnabled,
        demoRatePerMinute: options.demoRatePerMinute,
        trustProxy: options.trustProxy,
        trustedProxies: options.trustedProxies,
        corsOrigins: options.corsOrigins,
        rawBodyPaths: [OBJECT_PATH_PREFIX, OBJECT_ROOT_PREFIX, options.callback.path, ADMIN_CATALOGUE_PATH]
      })),
      Layer.succeed(AdminSettings, AdminSettings.of({ token: adminTokenOf(options.adminToken) }))
    )),
    Layer.provide(Layer.provideMerge(leaves.media, leaves.database))
  )
