import type { SoakReport } from "./report.ts"

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const entries = (record: Readonly<Record<string, number>>) =>
  Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`).join(" ") || "-"

/** Left-aligned text columns, right-aligned numbers. */
const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.]+$|^-$/.test(r[i]!)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

/** The report as plain text: load table, live checks, audit, restart, server log, verdict. */
export const formatReport = (r: SoakReport): string => {
  const t = r.totals
  const a = r.audit
  const out: Array<string> = []
  out.push(`qu-appserver soak — ${r.baseUrl}, ${r.users} users (${r.signedIn} signed in), ${seconds(r.durationMs)} of load ` +
    `(${seconds(r.elapsedMs)} until the last answer), abort rate ${r.abortRate}, timeout ${seconds(r.timeoutMs)}, seed ${r.seed}, ` +
    `media ${r.localMedia === undefined ? "unknown (no upload credentials)" : r.localMedia ? "local emulator" : "cloud (no uploads)"}`)
  out.push("")
  out.push(table(
    ["endpoint", "sent", "answers by code", "aborted", "UNANSWERED", "transport errors", "p50 ms", "p99 ms"],
    r.endpoints.map((e) => [e.endpoint, String(e.sent), entries(e.codes), String(e.aborted), String(e.unanswered), entries(e.transport), ms(e.p50Ms), ms(e.p99Ms)])
  ))
  out.push("")
  out.push(`requests ${t.sent} (${(t.sent / Math.max(r.elapsedMs / 1000, 0.001)).toFixed(0)}/s): answered ${t.answered}, ` +
    `code "500" ${t.code500}, deliberate aborts ${t.aborted} (+${t.abortsTooLate} answered before the abort), ` +
    `UNANSWERED ${t.unanswered}, transport errors ${t.transportErrors}`)
  const violations = Object.values(r.violations).reduce((x, y) => x + y, 0)
  out.push(`live checks: ${violations} violations${violations > 0 ? ` (${entries(r.violations)})` : ""}`)
  for (const sample of r.violationSamples) out.push(`  · ${sample}`)
  out.push("")
  out.push(`audit: ${a.acknowledgedPublishes} acknowledged publishes, ${a.unknownPublishes} unknown-outcome publishes ` +
    `(${a.unknownApplied} applied), ${a.acknowledgedDeletes} acknowledged deletes, ${a.unknownDeletes} unknown-outcome deletes; ` +
    `${a.usersAudited} personal lists (${a.personalItems} items), recommend list ${a.recommendItems} items`)
  out.push(table(
    ["lost writes", "resurrected deletes", "cross-user items", "duplicates", "phantom items", "total mismatches", "audit errors"],
    [[a.lostWrites, a.resurrectedDeletes, a.crossUserItems, a.duplicates, a.phantomItems, a.totalMismatches, a.auditErrors].map(String)]
  ))
  for (const sample of a.samples) out.push(`  · ${sample}`)
  out.push("")
  out.push(r.restart === undefined
    ? "restart: none"
    : `restart: \`${r.restart.command}\` ran at ${seconds(r.restart.atMs)}, took ${seconds(r.restart.tookMs)}, exit ${r.restart.exitCode}` +
      (r.restart.exitCode === 0 || r.restart.output === "" ? "" : `\n  ${r.restart.output.replaceAll("\n", "\n  ")}`))
  if (r.serverLog === undefined) out.push("server log: not available (--url)")
  else {
    const l = r.serverLog
    out.push(`server log${l.path === undefined ? "" : ` ${l.path}`}: ${l.lines} lines, ${l.errorLines} at level ERROR` +
      (l.otherLines > 0 ? `, ${l.otherLines} not JSON` : ""))
    for (const { count, message } of l.firstErrors) out.push(`  · ×${count} ${message}`)
  }
  out.push("")
  out.push(r.pass ? "verdict: PASS" : `verdict: FAIL — ${r.failures.join(", ")}`)
  return out.join("\n")
}
