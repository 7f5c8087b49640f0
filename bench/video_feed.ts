/**
 * The feed at scale. Seeds N public-feed videos (default 1,000,000) and a user owning exactly 1,000 videos, by SQL and
 * idempotently (a re-run inserts only what is missing), into DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/qu_bench, created if missing), or with DATABASE=pglite into an embedded PGlite
 * in a temporary directory (removed at exit; seeded every run). Then starts the server in-process and, with that user's
 * valid token on every request, measures four targets: page 1 of getRecommendVideoList, the cursor page at depth DEPTH
 * (default 0.9 N), random cursor pages (a wrk Lua script drawing the cursor id uniformly in [1, max id]) and page 1 of
 * the user's getPersonalVideoList. Each runs, after a 1 s warm-up, with wrk -t1 for SECONDS (default 10) at each of
 * CONNECTIONS (default "32,64"), beside a bare node:http server answering that target's exact bytes and content type
 * (for random pages: the page below the middle id). Each target's answer is checked before and after each run (code
 * "200", a full page of 20), and a run whose answers average under half that page's size (error envelopes) fails.
 * Prints req/s, p50, p99, bare req/s and their ratio, then the issue's targets at 64 connections with PASS/MISS
 * (informational; the exit code is 0 either way).
 * Run: `npm run bench:feed`; quicker: `N=100000 npm run bench:feed`; embedded: `N=100000 DATABASE=pglite npm run bench:feed`.
 */
import { Effect, Layer, Redacted } from "effect"
import { createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { launch } from "../adapters/pglite/launcher.ts"
import * as PgClient from "../adapters/postgres/client.ts"
import { postgresDatabase, sqlDatabase } from "../composition/databases.ts"
import { startTestServer } from "../composition/test_root.ts"
import { benchUser, getChecked, startBare, type Answer } from "./feed/http.ts"
import { writeRandomScript } from "./feed/random_script.ts"
import { printGoals, printTable, type Row } from "./feed/report.ts"
import { createDatabaseIfMissing, feedShape, seedVideos } from "./feed/seed.ts"
import { requireWrk, wrk, type WrkScript } from "./wrk.ts"

const N = Number(process.env.N ?? 1_000_000)
const DEPTH = Number(process.env.DEPTH ?? Math.floor(N * 0.9))
const SECONDS = Number(process.env.SECONDS ?? 10)
const CONNECTIONS = (process.env.CONNECTIONS ?? "32,64").split(",").map(Number)
const DATABASE = process.env.DATABASE ?? "postgres"
const OWN = 1_000
if (DATABASE !== "postgres" && DATABASE !== "pglite") throw new Error(`DATABASE must be postgres or pglite, not ${DATABASE}`)
if (CONNECTIONS.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`CONNECTIONS must list positive integers`)
requireWrk()

const temp = mkdtempSync(join(tmpdir(), "qu-bench-feed-"))
process.on("exit", () => rmSync(temp, { recursive: true, force: true }))
process.once("SIGINT", () => process.exit(130))

let dbUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/qu_bench"
// PGlite as pgliteDatabase() starts it (pool 4, bridge twice that), but launched here so the seeding can reach it.
const database = DATABASE === "pglite"
  ? Layer.unwrapScoped(Effect.map(launch({ dataDir: join(temp, "pglite"), maxConnections: 8 }), (url) => {
    dbUrl = Redacted.value(url)
    return sqlDatabase(PgClient.layer({ url, poolSize: 4 }))
  }))
  : postgresDatabase({ url: Redacted.make(dbUrl), poolSize: 8 })
if (DATABASE === "postgres") await createDatabaseIfMissing(dbUrl)
// Log lines as production writes them (JSON, one per request), to /dev/null: never kept in memory.
const devNull = createWriteStream("/dev/null")
const server = await startTestServer({ database, logSink: (text) => devNull.write(text) })

interface Target {
  readonly name: string
  readonly url: string
  readonly script?: WrkScript | undefined
  /** A URL answering the target's representative page, checked before and after each measurement. */
  readonly check: string
  readonly answer: Answer
}

try {
  const user = await benchUser(server.url)
  const started = Date.now()
  const inserted = await seedVideos(dbUrl, N, user.userId, OWN)
  if (inserted > 0) console.log(`seeded ${inserted} videos in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const { cursor, maxId } = await feedShape(dbUrl, DEPTH)

  const list = (name: string) => `${server.url}/vod/${name}?token=${user.token}&pageIndex=1&pageSize=20`
  const page1 = list("getRecommendVideoList")
  for (let i = 0; i < 5; i++) await getChecked(`${page1}&id=${1 + Math.floor(Math.random() * maxId)}`)
  const deep = `${page1}&id=${cursor}`
  const middle = `${page1}&id=${Math.ceil(maxId / 2)}`
  const personal = list("getPersonalVideoList")
  const randomScript = { path: writeRandomScript(temp), args: [user.token, String(maxId)] }
  const targets: ReadonlyArray<Target> = [
    { name: "page 1", url: page1, check: page1, answer: await getChecked(page1, 20) },
    { name: `cursor page at depth ${DEPTH}`, url: deep, check: deep, answer: await getChecked(deep, 20) },
    { name: "random cursor pages", url: `${server.url}/`, script: randomScript, check: middle, answer: await getChecked(middle, 20) },
    { name: `personal list (${OWN} videos)`, url: personal, check: personal, answer: await getChecked(personal, 20) }
  ]

  const rows: Array<Row> = []
  for (const target of targets) {
    const bare = await startBare(target.answer)
    await wrk(target.url, 1, CONNECTIONS[0], target.script) // warm-up, not reported
    for (const connections of CONNECTIONS) {
      // The bare server first: it shares this process, which then has no backlog of app requests left to serve.
      const bareResult = await wrk(bare.url, SECONDS, connections, target.script)
      const app = await wrk(target.url, SECONDS, connections, target.script)
      // Answers the same page again once the pool's queue drained; a body far smaller than the page means envelopes
      // of errors (HTTP 200) were measured.
      await getChecked(target.check, 20)
      if (app.bytesPerResponse < target.answer.body.length / 2) {
        throw new Error(`${target.name}: ${app.bytesPerResponse.toFixed(0)} bytes per answer under load, not pages`)
      }
      rows.push({ target: target.name, connections, app, bare: bareResult })
    }
    await bare.close()
  }

  const where = DATABASE === "pglite" ? "embedded PGlite (temporary directory)" : `PostgreSQL ${new URL(dbUrl).pathname.slice(1)}`
  console.log(`\n${where}: ${N} feed videos + ${OWN} of the personal user, max id ${maxId}; wrk -t1 -d${SECONDS}s`)
  console.log(`bodies: ${targets.map((t) => `${t.name} ${t.answer.body.length} B`).join(", ")}\n`)
  printTable(rows)
  printGoals(rows, [
    { target: "page 1", minRatio: 0.25, maxP99Ms: 50 },
    { target: "random cursor pages", minRatio: 0.05, maxP99Ms: 50 },
    { target: `personal list (${OWN} videos)`, minRatio: 0.05 }
  ])
} finally {
  await server.close()
}
