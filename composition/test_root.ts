import { HttpServer } from "@effect/platform"
import { Duration, Effect, Layer, Logger, ManagedRuntime, Redacted } from "effect"
import type { HashLimits } from "../adapters/crypto/hash_limits.ts"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import * as LocalMedia from "../adapters/local_media/local_media_cloud.ts"
import * as MemoryObjectStore from "../adapters/local_media/memory_object_store.ts"
import { appLayer, type AppOptions, type Database, type Media } from "./app.ts"
import type { CatalogueAdmin } from "../core/ports/catalogue_admin.ts"
import type { CatalogueAssets } from "../core/ports/catalogue_assets.ts"
import type { CatalogueReader } from "../core/ports/catalogue_reader.ts"
import { serverConfigFrom } from "./config.ts"
import { memoryDatabase } from "./databases.ts"

/** A server started for a test: its base URL, every log line it wrote (JSON), and a way to stop it. */
export interface TestServer {
  readonly url: string
  readonly logs: ReadonlyArray<string>
  readonly close: () => Promise<void>
  /** Runs an effect against the server's own catalogue services (its cache included), e.g. an import. */
  readonly runCatalogue: <A, E>(effect: Effect.Effect<A, E, CatalogueReader | CatalogueAdmin | CatalogueAssets>) => Promise<A>
}

const UNLIMITED = "1000000"

/**
 * The variables every test server reads (over the production defaults of composition/config.ts). Every test calls
 * from 127.0.0.1, so the production per-address limits (and the demo rate) would throttle unrelated tests: they are
 * raised here, and the tests of the limits pass theirs. The job worker polls every 50 ms, so events arrive quickly.
 */
export const TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  HOST: "127.0.0.1",
  QU_DEMO_RATE: UNLIMITED,
  QU_LOGIN_FAILURES_PER_USERNAME: UNLIMITED,
  QU_LOGIN_FAILURES_PER_ADDRESS: UNLIMITED,
  QU_LOGIN_FAILURE_WINDOW: "1 minute",
  QU_REGISTER_PER_ADDRESS: UNLIMITED,
  QU_REGISTER_WINDOW: "1 minute",
  QU_RANDOM_USER_PER_ADDRESS: UNLIMITED,
  QU_RANDOM_USER_WINDOW: "1 minute",
  QU_JOB_POLL_MS: "50"
}

/**
 * Options of a test server: the configuration read from {@link TEST_ENVIRONMENT} (plus `environment`), then these
 * overrides; on a free loopback port, with no upload quota unless `pendingUploads` is given.
 */
export interface TestServerOptions extends Partial<Omit<AppOptions, "host" | "callback" | "jobWorkerIdle">> {
  /** More variables, by their documented names (docs/configuration.md), over {@link TEST_ENVIRONMENT}. */
  readonly environment?: Readonly<Record<string, string>>
  /** The callback endpoint; keys in clear for convenience. */
  readonly callback?: { readonly path?: `/${string}`; readonly url?: string; readonly keys?: ReadonlyArray<string> }
  /** The job worker's idle pause (QU_JOB_POLL_MS, 50 ms); null runs no worker. */
  readonly jobWorkerIdle?: Duration.Duration | null
  readonly database?: Layer.Layer<Database, unknown>
  /** Media leaves; the local emulator on an in-memory store when not given. */
  readonly media?: {
    readonly media: Layer.Layer<Media, unknown, Database>
    readonly routes?: Layer.Layer<never, never, Database> | undefined
    /** Runs with the server (the local autoprocess), as in the server root. */
    readonly background?: Layer.Layer<never, unknown, Database | Media> | undefined
  }
  /** Limits of the (cheap) password hasher; the configured ones when not given. */
  readonly passwordHashing?: Partial<HashLimits>
  /** Telemetry installed under the app (e.g. an OTLP exporter); none by default. */
  readonly telemetry?: Layer.Layer<never>
}

/** Starts the whole application on 127.0.0.1 (a random port unless given), capturing logs; for HTTP tests. */
export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const { callback, database, environment, jobWorkerIdle, media, passwordHashing, telemetry, ...overrides } = options
  const config = serverConfigFrom({
    ...TEST_ENVIRONMENT,
    // Through the configuration, so what derives from it (asset and callback URLs) follows.
    ...(options.publicUrl === undefined ? {} : { QU_PUBLIC_URL: options.publicUrl }),
    ...environment
  })
  const logs: Array<string> = []
  const sink = options.logSink
  // Captured for the tests to read, or written as production writes them (JSON lines) to the given sink.
  const captured = Logger.replace(
    Logger.defaultLogger,
    Logger.map(Logger.jsonLogger, sink === undefined ? (line) => logs.push(line) : (line) => sink(`${line}\n`))
  )
  const app = appLayer(
    {
      ...config,
      port: 0,
      // Tests read the loggers (or their sink), whatever the configured format; no data directory of their own.
      logFormat: undefined,
      assetsDir: undefined,
      // No quota unless a test asks for one: many tests share one address and leave uploads unpublished.
      pendingUploads: undefined,
      ...overrides,
      callback: {
        path: callback?.path ?? config.callback.path,
        url: callback?.url ?? config.callback.url,
        keys: (callback?.keys ?? []).map((key) => Redacted.make(key))
      },
      jobWorkerIdle: jobWorkerIdle === null ? undefined : jobWorkerIdle ?? config.jobWorkerIdle
    },
    {
      database: database ?? memoryDatabase,
      ...(media ?? LocalMedia.leaves({ publicUrl: config.publicUrl, store: Effect.runSync(MemoryObjectStore.make) })),
      passwordHasher: ScryptPasswordHasher.layerWith(ScryptPasswordHasher.testParams, {
        ...config.passwordHashing,
        ...passwordHashing
      })
    }
  )
  const runtime = ManagedRuntime.make(Layer.provideMerge(app, captured).pipe(Layer.provide(telemetry ?? Layer.empty)))
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (server) => server.address))
  if (address._tag !== "TcpAddress") throw new Error("test server did not bind a TCP port")
  return {
    url: `http://127.0.0.1:${address.port}`,
    logs,
    close: () => runtime.dispose(),
    runCatalogue: (effect) => runtime.runPromise(effect)
  }
}
