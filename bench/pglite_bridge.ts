/**
 * Queries per second of `select $1::int` on an in-memory PGlite at concurrency 16: called directly, and through the
 * wire bridge with a pg pool of 4. Run: `npm run build --silent && node dist/bench/pglite_bridge.js`.
 */
import { PGlite } from "@electric-sql/pglite"
import { performance } from "node:perf_hooks"
import pg from "pg"
import { startWireBridge } from "../adapters/pglite/wire_bridge.ts"

const QUERIES = Number(process.env.QUERIES ?? 20_000)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const POOL = Number(process.env.POOL ?? 4)

const measure = async (label: string, run: (i: number) => Promise<number>) => {
  for (let i = 0; i < 500; i++) await run(i) // warm-up
  let next = 0
  let wrong = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < QUERIES; i = next++) if ((await run(i)) !== i) wrong++
    })
  )
  const seconds = (performance.now() - start) / 1000
  console.log(`${label}: ${Math.round(QUERIES / seconds)} queries/s (${QUERIES} in ${seconds.toFixed(2)} s, ${wrong} wrong)`)
}

const db = await PGlite.create()
await measure(`PGlite.query, concurrency ${CONCURRENCY}`, async (i) =>
  (await db.query<{ n: number }>("select $1::int as n", [i])).rows[0]!.n)

const bridge = await startWireBridge(db)
const pool = new pg.Pool({ host: "127.0.0.1", port: bridge.port, user: "postgres", database: "postgres", max: POOL })
await measure(`bridge, pg pool of ${POOL}, concurrency ${CONCURRENCY}`, async (i) =>
  (await pool.query<{ n: number }>("select $1::int as n", [i])).rows[0]!.n)

await pool.end()
await bridge.stop()
await db.close()
