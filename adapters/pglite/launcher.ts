import { PGlite, type PGliteOptions } from "@electric-sql/pglite"
import { Effect, Fiber, Redacted, Runtime } from "effect"
import { randomBytes } from "node:crypto"
import { access, mkdir } from "node:fs/promises"
import { join, resolve } from "node:path"

import { compilePglite } from "./_artifacts.ts"
import { collectInitdbGarbage } from "./_garbage.ts"
import { lockDataDir } from "./data_dir_lock.ts"
import { seedFromTemplate } from "./data_dir_template.ts"
import { PgliteLaunchError } from "./launch_error.ts"
import { startWireBridge } from "./wire_bridge.ts"

export { PgliteLaunchError }

/** Where PGlite keeps its data and how many client connections its wire bridge accepts. */
export interface LaunchOptions {
  /** A directory for the database files, created if missing; in memory (lost on close) when not given. */
  readonly dataDir?: string | undefined
  /** Most simultaneous client connections; 16 when not given. Keep it above the client pool size. */
  readonly maxConnections?: number | undefined
  /**
   * The directory that keeps the template new data directories are copied from (made there when first needed):
   * node_modules/.cache/qu-appserver when not given; false for none (PGlite runs initdb in every new data directory).
   */
  readonly templateCache?: string | false | undefined
}

const fail = (message: string) => (cause: unknown) => new PgliteLaunchError({ message, cause })

/**
 * Server settings of the embedded database, chosen for footprint (issue 10). PostgreSQL's initdb gives
 * shared_buffers 128MB, and PGlite keeps its whole WebAssembly heap resident: every megabyte of buffer pool is one
 * of RSS, and zeroing it at start costs time. 16MB (2048 pages) holds this server's working set many times over;
 * the files behind it stay in the OS page cache. WAL buffers follow (1/32 of shared_buffers), the rest of the
 * defaults only allocate when used. Durability is PGlite's own and unchanged: relaxedDurability stays off, so every
 * statement's writes reach the data directory before its answer (PGlite already runs PostgreSQL with fsync off).
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: "16MB" }

const settingArgs = (flag: string) => Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => [flag, `${name}=${value}`])

/**
 * What PGlite.create is given besides the data directory. The settings go on the server's command line, so they also
 * apply to data directories made before they changed; initdb gets them too, so its probe runs and bootstrap use the
 * small buffer pool (quicker, smaller), and postgresql.conf records them. New directories get 1MB WAL segments
 * instead of 16MB: initdb writes, tars and copies a whole zero-filled segment, which on a first start costs time,
 * memory and 9 MB of disk for nothing; PostgreSQL reads the size from the directory, so older ones keep theirs.
 */
const createOptions = {
  startParams: [...PGlite.defaultStartParams, ...settingArgs("-c")],
  initDbStartParams: [...settingArgs("--set"), "--wal-segsize=1"]
}

const create = (options: PGliteOptions) => Effect.tryPromise(() => PGlite.create(options))

const openDatabase = (dataDir: string | undefined, templateCache: string | false | undefined) =>
  Effect.acquireRelease(
    Effect.gen(function*() {
      if (dataDir === undefined) return yield* create(createOptions)
      // While the data directory is made ready (copied from the template when new); on failure PGlite compiles it.
      const compiled = yield* Effect.fork(Effect.promise(() => compilePglite().catch(() => ({}))))
      // Create parents too, so a nested path works on a fresh checkout.
      yield* Effect.tryPromise(() => mkdir(dataDir, { recursive: true }))
      const fresh = yield* Effect.promise(() => access(join(dataDir, "PG_VERSION")).then(() => false, () => true))
      const seeded = fresh && templateCache !== false &&
        (yield* seedFromTemplate(dataDir, { cacheDir: templateCache, create: createOptions }))
      const db = yield* create({ ...createOptions, ...(yield* Fiber.join(compiled)), dataDir })
      if (fresh && !seeded) yield* Effect.promise(collectInitdbGarbage)
      return db
    }).pipe(
      Effect.mapError((error) =>
        fail(`Cannot start PGlite${dataDir === undefined ? " in memory" : ` in ${dataDir}`}`)(error.cause)
      )
    ),
    (db) => Effect.tryPromise(() => db.close()).pipe(Effect.catchAll((e) => Effect.logWarning("Cannot close PGlite", e)))
  )

const serve = (db: PGlite, maxConnections: number, password: string) =>
  Effect.gen(function*() {
    // The bridge reports what no client can be told (a failed rollback after a disconnect) through our logger.
    const runFork = Runtime.runFork(yield* Effect.runtime<never>())
    const warn = (message: string, cause: unknown) => void runFork(Effect.logWarning(message, cause))
    return yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => startWireBridge(db, { maxConnections, warn, password }),
        catch: fail("Cannot start the PGlite wire bridge on 127.0.0.1")
      }),
      (bridge) => Effect.promise(() => bridge.stop())
    )
  })

/**
 * Starts PGlite behind a PostgreSQL wire-protocol bridge on a free 127.0.0.1 port and yields its connection URL, with
 * the password the bridge requires.
 * Closing the scope stops the bridge, then closes PGlite, so the data directory can be opened again.
 */
export const launch = Effect.fn("PgliteLauncher.launch")(function*(options: LaunchOptions = {}) {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  if (dataDir !== undefined) yield* lockDataDir(dataDir)
  const db = yield* openDatabase(dataDir, options.templateCache)
  // Any process of the machine can reach 127.0.0.1: a random password per start, known only to this process (in the
  // URL, which is Redacted and never logged), keeps them out of the superuser session.
  const password = randomBytes(24).toString("base64url")
  const { port } = yield* serve(db, options.maxConnections ?? 16, password)
  yield* Effect.logDebug("PGlite listening").pipe(Effect.annotateLogs({ port, dataDir: dataDir ?? "memory" }))
  return Redacted.make(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`)
})
