import type { Reporter, TestModule } from "vitest/node"

/** Ends a run with the plain "N passed, N failed, N skipped" line that CI systems read. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped++
      }
      if (module.state() === "failed" && module.children.size === 0) failed++
    }
    // Written at exit so it is the run's last line, after the default reporter's summary.
    process.once("exit", () => process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`))
  }
}
