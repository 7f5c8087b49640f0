import { HttpServer } from "@effect/platform"
import { DateTime, Duration, Effect, Layer, Logger, ManagedRuntime, Option, Redacted } from "effect"
import type { HashLimits } from "../adapters/crypto/hash_limits.ts"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import { DEFAULT_TRUSTED_PROXY_RANGES } from "../adapters/http/middleware/forwarded_for.ts"
import * as LocalMedia from "../adapters/local_media/local_media_cloud.ts"
import * as MemoryObjectStore from "../adapters/local_media/memory_object_store.ts"
import { appLayer, type AppOptions, type Database, type Media } from "./app.ts"
import type { CatalogueAdmin } from "../core/ports/catalogue_admin.ts"
import type { CatalogueAssets } from "../core/ports/catalogue_assets.ts"
import type { CatalogueReader } from "../core/ports/catalogue_reader.ts"
import type { AuthThrottles } from "../core/ports/auth_settings.ts"
import { DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_VIDEO_EXTENSIONS } from "./config.ts"
import { memoryDatabase } from "./databases.ts"

/** A server started for a test: its base URL, every log line it wrote (JSON), and a way to stop it. */
export interface TestServer {
  readonly url: string
  readonly logs: ReadonlyArray<string>
  readonly close: () => Promise<void>
  /** Runs an effect against the server's own catalogue services (its cache included), e.g. an import. */
  readonly runCatalogue: <A, E>(effect: Effect.Effect<A, E, CatalogueReader | CatalogueAdmin | CatalogueAssets>) => Promise<A>
}

/**
 * Limits a test server applies unless told otherwise: every test calls from 127.0.0.1, so the production ones would
 * throttle unrelated tests (as the demo rate, raised the same way); the tests of the limits pass them.
 */
export const TEST_THROTTLES: AuthThrottles = {
  loginPerUsername: { max: 1_000_000, window: Duration.minutes(1) },
  loginPerAddress: { max: 1_000_000, window: Duration.minutes(1) },
  registerPerAddress: { max: 1_000_000, window: Duration.minutes(1) },
  randomUserPerAddress: { max: 1_000_000, window: Duration.minutes(1) }
}

/** Options of a test server; defaults are the production ones (but {@link TEST_THROTTLES}), on a free loopback port. */
export interface TestServerOptions extends Partial<Omit<AppOptions, "host" | "callback" | "jobWorkerIdle">> {
  /** The callback endpoint; keys in clear for convenience. */
  readonly callback?: { readonly path?: `/${string}`; readonly url?: string; readonly keys?: ReadonlyArray<string> }
  /** The job worker's idle pause (50 ms by default); null runs no worker. */
  readonly jobWorkerIdle?: Duration.Duration | null
  readonly database?: Layer.Layer<Database, unknown>
  /** Media leaves; the local emulator on an in-memory store when not given. */
  readonly media?: {
    readonly media: Layer.Layer<Media, unknown, Database>
    readonly routes?: Layer.Layer<never, never, Database> | undefined
    /** Runs with the server (the local autoprocess), as in the server root. */
    readonly background?: Layer.Layer<never, unknown, Database | Media> | undefined
  }
  /** Limits of the (cheap) password hasher; the production defaults when not given. */
  readonly passwordHashing?: Partial<HashLimits>
}

/** Starts the whole application on 127.0.0.1 (a random port unless given), capturing logs; for HTTP tests. */
export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const logs: Array<string> = []
  const sink = options.logSink
  // Captured for the tests to read, or written as production writes them (JSON lines) to the given sink.
  const captured = Logger.replace(
    Logger.defaultLogger,
    Logger.map(Logger.jsonLogger, sink === undefined ? (line) => logs.push(line) : (line) => sink(`${line}\n`))
  )
  const publicUrl = options.publicUrl ?? "http://localhost:8080"
  const media = options.media ?? LocalMedia.leaves({ publicUrl, store: Effect.runSync(MemoryObjectStore.make) })
  const app = appLayer(
    {
      port: options.port ?? 0,
      host: "127.0.0.1",
      tokenTtl: options.tokenTtl ?? Duration.days(30),
      maxSessionsPerUser: options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER,
      throttles: options.throttles ?? TEST_THROTTLES,
      timeZone: options.timeZone ?? Option.getOrThrow(DateTime.zoneMakeNamed("Asia/Shanghai")),
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      publicUrl,
      demoEnabled: options.demoEnabled ?? true,
      demoRatePerMinute: options.demoRatePerMinute ?? 1_000_000,
      trustProxy: options.trustProxy ?? false,
      trustedProxies: options.trustedProxies ?? DEFAULT_TRUSTED_PROXY_RANGES,
      corsOrigins: options.corsOrigins ?? [],
      videoExtensions: options.videoExtensions ?? new Set(DEFAULT_VIDEO_EXTENSIONS.split(",")),
      maxUploadBytes: options.maxUploadBytes ?? 4 * 1024 ** 3,
      // No quota unless a test asks for one: many tests share one address and leave uploads unpublished.
      pendingUploads: options.pendingUploads,
      maintenanceInterval: options.maintenanceInterval,
      assetBaseUrl: options.assetBaseUrl ?? `${publicUrl}/assets/`,
      assetsDir: options.assetsDir,
      musicUrlTtlSeconds: options.musicUrlTtlSeconds ?? 3600,
      catalogueCacheTtl: options.catalogueCacheTtl ?? Duration.seconds(5),
      cdnAuthKey: options.cdnAuthKey ?? Option.none(),
      cdnAuthValidity: options.cdnAuthValidity ?? 1800,
      initialCatalogue: options.initialCatalogue,
      fastPath: options.fastPath,
      logSink: sink,
      moderation: options.moderation ?? "hold",
      callback: {
        path: options.callback?.path ?? "/vodcallback/callback",
        url: options.callback?.url ?? `${publicUrl}/vodcallback/callback`,
        keys: (options.callback?.keys ?? []).map((key) => Redacted.make(key))
      },
      jobWorkerIdle: options.jobWorkerIdle === null ? undefined : options.jobWorkerIdle ?? Duration.millis(50)
    },
    {
      database: options.database ?? memoryDatabase,
      ...media,
      passwordHasher: ScryptPasswordHasher.layerWith(ScryptPasswordHasher.testParams, options.passwordHashing)
    }
  )
  const runtime = ManagedRuntime.make(Layer.provideMerge(app, captured))
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (server) => server.address))
  if (address._tag !== "TcpAddress") throw new Error("test server did not bind a TCP port")
  return {
    url: `http://127.0.0.1:${address.port}`,
    logs,
    close: () => runtime.dispose(),
    runCatalogue: (effect) => runtime.runPromise(effect)
  }
}
