import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect, Redacted } from "effect"
import { mkdir } from "node:fs/promises"
import { resolve } from "node:path"

import { lockDataDir } from "./data_dir_lock.ts"
import { PgliteLaunchError } from "./launch_error.ts"

export { PgliteLaunchError }

/** Where PGlite keeps its data and how many client connections its socket accepts. */
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
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        // Port 0: the OS picks a free port, which getServerConn() reports as "host:port" once listening.
        const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections })
        await server.start()
        return server
      },
      catch: fail("Cannot start the PGlite socket server on 127.0.0.1")
    }),
    (server) =>
      Effect.tryPromise(() => server.stop()).pipe(
        Effect.catchAll((e) => Effect.logWarning("Cannot stop the PGlite socket server", e))
      )
  )

/**
 * Starts PGlite behind a PostgreSQL wire-protocol socket on a free 127.0.0.1 port and yields its connection URL.
 * Closing the scope stops the socket server, then closes PGlite, so the data directory can be opened again.
 */
export const launch = Effect.fn("PgliteLauncher.launch")(function*(options: LaunchOptions = {}) {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  if (dataDir !== undefined) yield* lockDataDir(dataDir)
  const db = yield* openDatabase(dataDir)
  const server = yield* serve(db, options.maxConnections ?? 16)
  const port = /:(\d+)$/.exec(server.getServerConn())?.[1]
  if (port === undefined) {
    return yield* new PgliteLaunchError({ message: "PGlite socket server reported no port", cause: server.getServerConn() })
  }
  yield* Effect.logDebug("PGlite listening").pipe(Effect.annotateLogs({ port, dataDir: dataDir ?? "memory" }))
  return Redacted.make(`postgres://postgres@127.0.0.1:${port}/postgres`)
})
