import { Duration, Effect, Layer, Redacted, Runtime, Schedule } from "effect"
import pg from "pg"
import type { DataScope } from "../../core/ports/data_versions.ts"
import { type LocalVersions, Versions } from "../versions/local_versions.ts"

/** The channel the database's change triggers notify (migration 0005). */
export const CHANNEL = "qu_changes"

const scopes: ReadonlySet<string> = new Set<DataScope>(["videos", "users"])

/** Options of the change listener. */
export interface ChangeListenerOptions {
  readonly url: Redacted.Redacted<string>
  /** How often the idle listening session is checked; 2 s by default. */
  readonly heartbeat?: Duration.Duration | undefined
}

// One listening session, until it fails: resolves when it ended (error, close, or a missed heartbeat).
const listenOnce = (options: ChangeListenerOptions, versions: LocalVersions, onLive: () => void) =>
  Effect.async<void, Error>((resume) => {
    const client = new pg.Client({
      connectionString: Redacted.value(options.url),
      application_name: "qu-appserver listener",
      connectionTimeoutMillis: 5_000,
      keepAlive: true
    })
    let ended = false
    let timer: ReturnType<typeof setInterval> | undefined
    const end = (error: Error) => {
      if (ended) return
      ended = true
      if (timer !== undefined) clearInterval(timer)
      versions.setLive(false)
      client.end().catch(() => {})
      resume(Effect.fail(error))
    }
    client.on("error", end)
    client.on("end", () => end(new Error("listening session closed")))
    client.on("notification", (notice) => {
      if (notice.channel === CHANNEL && notice.payload !== undefined && scopes.has(notice.payload)) {
        versions.advance(notice.payload as DataScope)
      }
    })
    const heartbeatMs = Duration.toMillis(options.heartbeat ?? Duration.seconds(2))
    client.connect()
      .then(() => client.query(`listen ${CHANNEL}`))
      .then(() => {
        if (ended) return
        // Whatever changed while not listening is unknown: setLive advances every version.
        versions.setLive(true)
        onLive()
        timer = setInterval(() => {
          const missed = setTimeout(() => end(new Error("listening session stopped answering")), heartbeatMs)
          client.query("select 1").then(() => clearTimeout(missed), (error: Error) => end(error))
        }, heartbeatMs)
      })
      .catch((error: Error) => end(error))
    return Effect.sync(() => {
      ended = true
      if (timer !== undefined) clearInterval(timer)
      versions.setLive(false)
      client.end().catch(() => {})
    })
  })

/**
 * Listens for the database's change notices on one dedicated session and advances this server's versions, so
 * caches follow writes made by any other server within milliseconds. While the session is down the versions are
 * not live (nothing is cached) and it reconnects with backoff; every (re)connection advances every version, as
 * notices sent meanwhile are lost. Needs the PostgreSQL server of the repositories (migration 0005's triggers).
 */
export const layer = (options: ChangeListenerOptions) =>
  Layer.scopedDiscard(Effect.gen(function*() {
    const versions = yield* Versions
    versions.setLive(false)
    const retry = Schedule.exponential(Duration.millis(100)).pipe(Schedule.union(Schedule.spaced(Duration.seconds(5))))
    // One line when listening stops and one when it is back, however many attempts lie between.
    let down = false
    const log = Runtime.runFork(yield* Effect.runtime<never>())
    const onLive = () => {
      if (!down) return
      down = false
      log(Effect.logInfo("change listener: listening again; every cached list and token was dropped"))
    }
    yield* listenOnce(options, versions, onLive).pipe(
      Effect.tapError((error) =>
        down ? Effect.void : Effect.zipRight(
          Effect.sync(() => {
            down = true
          }),
          Effect.logWarning(`change listener: ${error.message}; nothing is cached until it reconnects`)
        )),
      Effect.retry(retry),
      Effect.forkScoped
    )
  }))
