/** The table and the issue's targets printed by bench/video_feed.ts. */
import type { WrkResult } from "../wrk.ts"

/** One target at one connection count: the app and the bare server answering the same bytes. */
export interface Row {
  readonly target: string
  readonly connections: number
  readonly app: WrkResult
  readonly bare: WrkResult
}

/** What the issue asks of a target at 64 connections. */
export interface Goal {
  readonly target: string
  readonly minRatio: number
  readonly maxP99Ms?: number | undefined
}

const ms = (n: number) => `${n.toFixed(2)} ms`
const ratio = (row: Row) => row.app.requestsPerSecond / row.bare.requestsPerSecond

export const printTable = (rows: ReadonlyArray<Row>) => {
  console.log("| target | connections | req/s | p50 | p99 | bare req/s | ratio |\n|---|---|---|---|---|---|---|")
  for (const row of rows) {
    console.log(`| ${row.target} | ${row.connections} | ${row.app.requestsPerSecond.toFixed(0)} | ${ms(row.app.p50Ms)} | ${
      ms(row.app.p99Ms)
    } | ${row.bare.requestsPerSecond.toFixed(0)} | ${ratio(row).toFixed(3)} |`)
  }
  for (const row of rows) {
    for (const [side, r] of [["app", row.app], ["bare", row.bare]] as const) {
      if (r.socketErrors !== undefined) console.log(`note: ${row.target}, ${row.connections} connections, ${side}: socket errors ${r.socketErrors} (answers past wrk's 2 s timeout are left out of p50/p99)`)
    }
  }
}

/** Prints each goal beside its figures at 64 connections, PASS or MISS; informational only. */
export const printGoals = (rows: ReadonlyArray<Row>, goals: ReadonlyArray<Goal>) => {
  console.log("\n| issue target (64 connections) | goal | measured | verdict |\n|---|---|---|---|")
  for (const goal of goals) {
    const wanted = `ratio ≥ ${goal.minRatio}${goal.maxP99Ms === undefined ? "" : `, p99 < ${goal.maxP99Ms} ms`}`
    const row = rows.find((r) => r.target === goal.target && r.connections === 64)
    if (row === undefined) {
      console.log(`| ${goal.target} | ${wanted} | not measured (CONNECTIONS lacks 64) | — |`)
      continue
    }
    const pass = ratio(row) >= goal.minRatio && (goal.maxP99Ms === undefined || row.app.p99Ms < goal.maxP99Ms)
    console.log(`| ${goal.target} | ${wanted} | ratio ${ratio(row).toFixed(3)}, p99 ${ms(row.app.p99Ms)} | ${pass ? "PASS" : "MISS"} |`)
  }
}
