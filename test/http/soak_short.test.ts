import { describe, expect, it } from "vitest"
import type { Layer } from "effect"
import { runSoak } from "../../bench/soak/run.ts"
import { formatReport } from "../../bench/soak/report_text.ts"
import type { SoakReport } from "../../bench/soak/report.ts"
import type { Database } from "../../composition/app.ts"
import { memoryDatabase, pgliteDatabase } from "../../composition/databases.ts"
import { startTestServer } from "../../composition/test_root.ts"

const KEY = "soak-test-callback-key"
// What the test server signs over; not where it listens (a random port).
const CALLBACK_URL = "http://localhost:8080/vodcallback/callback"

const outcome = (r: SoakReport) => ({
  signedIn: r.signedIn,
  published: r.audit.acknowledgedPublishes > 0,
  code500: r.totals.code500,
  unanswered: r.totals.unanswered,
  transportErrors: r.totals.transportErrors,
  violations: r.violations,
  crossUserItems: r.audit.crossUserItems,
  lostWrites: r.audit.lostWrites,
  resurrectedDeletes: r.audit.resurrectedDeletes,
  duplicates: r.audit.duplicates,
  auditErrors: r.audit.auditErrors
})

const CLEAN = {
  signedIn: 8, published: true, code500: 0, unanswered: 0, transportErrors: 0, violations: {},
  crossUserItems: 0, lostWrites: 0, resurrectedDeletes: 0, duplicates: 0, auditErrors: 0
}

const soakOn = (name: string, database: () => Layer.Layer<Database, unknown>) =>
  it(`a 3 s soak with aborts on ${name}: no code 500, every request answered, nothing lost, mixed or resurrected`, async () => {
    const server = await startTestServer({ database: database(), callback: { keys: [KEY], url: CALLBACK_URL } })
    try {
      const report = await runSoak({
        baseUrl: server.url,
        callbackKey: KEY,
        callbackUrl: CALLBACK_URL,
        durationMs: 3_000,
        users: 8,
        abortRate: 0.1,
        seed: 20_240_601,
        settleMs: 1_500,
        serverLog: { read: () => server.logs }
      })
      expect(outcome(report), formatReport(report)).toEqual(CLEAN)
    } finally {
      await server.close()
    }
  }, 120_000)

describe("soak (short)", () => {
  soakOn("embedded PGlite", () => pgliteDatabase())
  soakOn("the memory adapters", () => memoryDatabase)
})
