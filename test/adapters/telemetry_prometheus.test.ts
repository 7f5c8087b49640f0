import { describe, expect, it } from "@effect/vitest"
import {
  Effect,
  FastCheck,
  Metric,
  MetricBoundaries,
  MetricKey,
  MetricLabel,
  type MetricPair,
  MetricState
} from "effect"
import * as MetricPairs from "effect/MetricPair"
import * as Prometheus from "../../adapters/telemetry/prometheus.ts"

// The text format 0.0.4, line by line: comments, or `name{label="value",…} value`.
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*"
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`
const VALUE = "(?:[+-]?Inf|NaN|-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+)?)"
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (?:[^\\\\\\n]|\\\\[\\\\n])*$`)
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(?:${LABEL})(?:,${LABEL})*\\})? (${VALUE})$`)

/** Parses exposition text strictly; throws on any line that is not HELP, TYPE or a sample of the declared family. */
const parse = (text: string) => {
  expect(text === "" || text.endsWith("\n")).toBe(true)
  const families: Array<{ name: string; type: string; samples: Array<string> }> = []
  const lines = text === "" ? [] : text.slice(0, -1).split("\n")
  for (const line of lines) {
    const help = HELP_LINE.exec(line)
    const type = TYPE_LINE.exec(line)
    const sample = SAMPLE_LINE.exec(line)
    if (help) families.push({ name: help[1]!, type: "", samples: [] })
    else if (type) {
      const family = families.at(-1)
      if (family === undefined || family.name !== type[1] || family.type !== "") throw new Error(`stray TYPE: ${line}`)
      family.type = type[2]!
    } else if (sample) {
      const family = families.at(-1)
      const name = sample[1]!
      const suffixes = family?.type === "histogram" ? ["_bucket", "_sum", "_count"] : family?.type === "summary" ? ["", "_sum", "_count"] : [""]
      if (family === undefined || !suffixes.some((s) => name === `${family.name}${s}`)) throw new Error(`stray sample: ${line}`)
      family.samples.push(line)
    } else throw new Error(`not exposition format: ${JSON.stringify(line)}`)
  }
  return families
}

const counterPair = (name: string, count: number, tags: ReadonlyArray<readonly [string, string]> = [], description?: string) =>
  MetricPairs.unsafeMake(
    MetricKey.taggedWithLabels(MetricKey.counter(name, description === undefined ? { incremental: true } : { description, incremental: true }), tags.map(([k, v]) => MetricLabel.make(k, v))),
    MetricState.counter(count)
  )

describe("adapters/telemetry/prometheus encode()", () => {
  it.effect("encodes counters as _total, gauges, and histograms with cumulative buckets, _sum and _count", () =>
    Effect.gen(function*() {
      const requests = Metric.counter("test_enc_requests", { description: "Requests", incremental: true })
      const inFlight = Metric.gauge("test_enc_in_flight")
      const latency = Metric.histogram("test_enc_latency_seconds", MetricBoundaries.fromIterable([0.1, 1]), "Latency")
      yield* Metric.incrementBy(Metric.tagged(requests, "route", "/vod/videoPublish"), 2)
      yield* Metric.increment(Metric.tagged(Metric.tagged(requests, "route", "/user/login"), "code", "200"))
      yield* Metric.set(inFlight, 3)
      for (const seconds of [0.05, 0.5, 0.7, 4]) yield* Metric.update(latency, seconds)
      const mine = (yield* Metric.snapshot).filter((pair) => pair.metricKey.name.startsWith("test_enc_"))
      expect(Prometheus.encode(mine)).toBe([
        "# HELP test_enc_in_flight test_enc_in_flight",
        "# TYPE test_enc_in_flight gauge",
        "test_enc_in_flight 3",
        "# HELP test_enc_latency_seconds Latency",
        "# TYPE test_enc_latency_seconds histogram",
        "test_enc_latency_seconds_bucket{le=\"0.1\"} 1",
        "test_enc_latency_seconds_bucket{le=\"1\"} 3",
        "test_enc_latency_seconds_bucket{le=\"+Inf\"} 4",
        "test_enc_latency_seconds_sum 5.25",
        "test_enc_latency_seconds_count 4",
        "# HELP test_enc_requests_total Requests",
        "# TYPE test_enc_requests_total counter",
        "test_enc_requests_total{code=\"200\",route=\"/user/login\"} 1",
        "test_enc_requests_total{route=\"/vod/videoPublish\"} 2",
        ""
      ].join("\n"))
    }))

  it("escapes label values and help text, and sanitizes names", () => {
    const text = Prometheus.encode([
      counterPair("qu.weird-name", 1, [["path", "a\\b\"c\nd"], ["0bad-label", "x"]], "line one\nback\\slash")
    ])
    expect(text).toBe([
      "# HELP qu_weird_name_total line one\\nback\\\\slash",
      "# TYPE qu_weird_name_total counter",
      "qu_weird_name_total{_0bad_label=\"x\",path=\"a\\\\b\\\"c\\nd\"} 1",
      ""
    ].join("\n"))
    parse(text)
  })

  it("writes special floats as +Inf, -Inf and NaN, and an empty registry as nothing", () => {
    const gauge = (name: string, value: number) => MetricPairs.unsafeMake(MetricKey.gauge(name), MetricState.gauge(value))
    const text = Prometheus.encode([gauge("g_a", Infinity), gauge("g_b", -Infinity), gauge("g_c", NaN)])
    expect(text.split("\n").filter((l) => !l.startsWith("#"))).toEqual(["g_a +Inf", "g_b -Inf", "g_c NaN", ""])
    expect(Prometheus.encode([])).toBe("")
  })

  it("encodes a counter that may go down (not incremental) as a gauge, without _total", () => {
    const text = Prometheus.encode([
      MetricPairs.unsafeMake(MetricKey.counter("test_enc_active", { description: "Active now" }), MetricState.counter(3))
    ])
    expect(text).toContain("# TYPE test_enc_active gauge")
    expect(text).toContain("test_enc_active 3")
    expect(text).not.toContain("test_enc_active_total")
  })

  it("keeps the first kind when a name is used by a counter and a gauge", () => {
    const text = Prometheus.encode([
      counterPair("clash", 1),
      MetricPairs.unsafeMake(MetricKey.gauge("clash_total"), MetricState.gauge(9))
    ])
    expect(parse(text).map((f) => [f.name, f.type, f.samples])).toEqual([["clash_total", "counter", ["clash_total 1"]]])
  })

  const labelValue = FastCheck.string({ unit: "binary", maxLength: 12 })
  const labels = FastCheck.array(FastCheck.tuple(FastCheck.constantFrom("route", "code", "le_x", "a.b", "x y"), labelValue), { maxLength: 3 })
  const name = FastCheck.stringMatching(/^[a-z.:_-][a-z0-9.:_-]{0,10}$/)
  const value = FastCheck.oneof(FastCheck.double(), FastCheck.integer())
  const pair: FastCheck.Arbitrary<MetricPair.MetricPair.Untyped> = FastCheck.oneof(
    FastCheck.tuple(name, labels, FastCheck.nat(), FastCheck.option(FastCheck.string({ unit: "binary", maxLength: 20 }), { nil: undefined }))
      .map(([n, l, c, d]) => counterPair(n, c, l, d)),
    FastCheck.tuple(name, labels, value).map(([n, l, v]) =>
      MetricPairs.unsafeMake(MetricKey.taggedWithLabels(MetricKey.gauge(n), l.map(([k, x]) => MetricLabel.make(k, x))), MetricState.gauge(v))),
    FastCheck.tuple(name, labels, FastCheck.array(FastCheck.double({ min: 0, max: 100, noNaN: true }), { maxLength: 20 }))
      .map(([n, l, observations]) => {
        const boundaries = [0.5, 1, 10]
        const buckets = [...boundaries, Infinity].map((b) => [b, observations.filter((o) => o <= b).length] as const)
        return MetricPairs.unsafeMake(
          MetricKey.taggedWithLabels(MetricKey.histogram(n, MetricBoundaries.fromIterable(boundaries)), l.map(([k, x]) => MetricLabel.make(k, x))),
          MetricState.histogram({ buckets, count: observations.length, min: 0, max: 0, sum: observations.reduce((a, b) => a + b, 0) })
        )
      })
  )

  // A registry holds one pair per key; two metrics of one name and labels would be a programming error.
  const registry = FastCheck.uniqueArray(pair, {
    maxLength: 12,
    selector: (p) => `${p.metricKey.name}\u0000${JSON.stringify([...p.metricKey.tags].map((t) => [t.key, t.value]).sort())}`
  })

  it.prop("any registry encodes to text that parses line by line, whatever its order", [registry], ([pairs]) => {
    const text = Prometheus.encode(pairs)
    const families = parse(text)
    expect(new Set(families.map((f) => f.name)).size).toBe(families.length)
    expect(families.map((f) => f.name)).toEqual([...families.map((f) => f.name)].sort())
    for (const family of families) {
      expect(family.type).not.toBe("")
      if (family.type === "counter") expect(family.name.endsWith("_total")).toBe(true)
      if (family.type === "histogram") {
        // Per series, cumulative bucket counts never decrease.
        const counts = new Map<string, Array<number>>()
        for (const line of family.samples.filter((l) => l.startsWith(`${family.name}_bucket`))) {
          const series = line.replace(/,?le="[^"]*"/, "").replace(/ [^ ]+$/, "")
          counts.set(series, [...(counts.get(series) ?? []), Number(line.split(" ").at(-1))])
        }
        for (const values of counts.values()) expect(values).toEqual([...values].sort((a, b) => a - b))
      }
    }
    expect(Prometheus.encode([...pairs].reverse())).toBe(text)
  })
})
