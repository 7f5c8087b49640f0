import { PGlite } from "@electric-sql/pglite"
import { Effect, Redacted, Runtime } from "effect"
import { mkdir } from "node:fs/promises"
import { resolve } from "node:path"

import { lockDataDir } from "./data_dir_lock.ts"
import { PgliteLaunchError } from "./launch_error.ts"
import { startWireBridge } from "./wire_bridge.ts"

export { PgliteLaunchError }

/** Where PGlite keeps its data and how many client connections its wire bridge accepts. */
export interface LaunchOptions {
  /** A directory for the database files, created if missing; in memory (lost on close) when not given. */
  readonly dataDir?: string | undefined
  /** Most simultaneous client connections; 16 when not given. Keep it above the client pool size. */
  readonly maxConnections?: number | undefined
}

const fail = (message: string) => (cause: unknown) => new PgliteLaunchError({ message, cause })

const openDatabase = (dataDir: string | undefined) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        if (dataDir === undefined) return PGlite.create()
        // Create parents too, so a nested path works on a fresh checkout.
        await mkdir(dataDir, { recursive: true })
        return PGlite.create({ dataDir })
      },
      catch: fail(`Cannot start PGlite${dataDir === undefined ? " in memory" : ` in ${dataDir}`}`)
    }),
    (db) => Effect.tryPromise(() => db.close()).pipe(Effect.catchAll((e) => Effect.logWarning("Cannot close PGlite", e)))
  )

const serve = (db: PGlite, maxConnections: number) =>
  Effect.gen(function*() {
    // The bridge reports what no client can be told (a failed rollback after a disconnect) through our logger.
    const runFork = Runtime.runFork(yield* Effect.runtime<never>())
    const warn = (message: string, cause: unknown) => void runFork(Effect.logWarning(message, cause))
    return yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => startWireBridge(db, { maxConnections, warn }),
        catch: fail("Cannot start the PGlite wire bridge on 127.0.0.1")
      }),
      (bridge) => Effect.promise(() => bridge.stop())
    )
  })

/**
 * Starts PGlite behind a PostgreSQL wire-protocol bridge on a free 127.0.0.1 port and yields its connection URL.
 * Closing the scope stops the bridge, then closes PGlite, so the data directory can be opened again.
 */
export const launch = Effect.fn("PgliteLauncher.launch")(function*(options: LaunchOptions = {}) {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  if (dataDir !== undefined) yield* lockDataDir(dataDir)
  const db = yield* openDatabase(dataDir)
  const { port } = yield* serve(db, options.maxConnections ?? 16)
  yield* Effect.logDebug("PGlite listening").pipe(Effect.annotateLogs({ port, dataDir: dataDir ?? "memory" }))
  return Redacted.make(`postgres://postgres@127.0.0.1:${port}/postgres`)
})
