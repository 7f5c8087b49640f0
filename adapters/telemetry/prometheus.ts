import { Effect, Metric, MetricKeyType, type MetricPair, MetricState, Option } from "effect"

/** The content type of the text exposition format this module writes. */
export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

type Kind = "counter" | "gauge" | "histogram" | "summary"

interface Family {
  readonly name: string
  readonly kind: Kind
  help: string
  readonly lines: Array<{ readonly sortKey: string; readonly text: string }>
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A metric or label name with every character Prometheus does not allow replaced by `_`. */
export const sanitizeName = (name: string, allowColon = true): string => {
  const cleaned = name.replace(allowColon ? /[^a-zA-Z0-9_:]/g : /[^a-zA-Z0-9_]/g, "_")
  return cleaned === "" || /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned
}

/** A label value escaped for the text format: backslash, double quote and line feed. */
export const escapeLabelValue = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, "\\\"").replace(/\n/g, "\\n")

const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")

/** A sample value as Prometheus writes floats: `+Inf`, `-Inf`, `NaN`, else the shortest decimal form. */
export const formatValue = (value: number | bigint): string =>
  typeof value === "bigint"
    ? value.toString()
    : Number.isNaN(value)
    ? "NaN"
    : value === Infinity
    ? "+Inf"
    : value === -Infinity
    ? "-Inf"
    : String(value)

// Labels sorted by name, the last of repeated names winning; reserved names (`__…`) and empty ones dropped.
const labelPairs = (tags: ReadonlyArray<{ readonly key: string; readonly value: string }>) => {
  const byName = new Map<string, string>()
  for (const tag of tags) {
    const name = sanitizeName(tag.key, false)
    if (!name.startsWith("__")) byName.set(name, tag.value)
  }
  return [...byName].sort(([a], [b]) => compare(a, b))
}

const renderLabels = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs.length === 0 ? "" : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`

const sample = (name: string, pairs: ReadonlyArray<readonly [string, string]>, value: number | bigint) =>
  `${name}${renderLabels(pairs)} ${formatValue(value)}`

// A counter that may go down (effect's own `effect_fiber_active`, say) is a gauge to Prometheus, which reads any
// decrease of a counter as a restart.
const kindOf = (keyType: unknown): Kind | undefined =>
  MetricKeyType.isCounterKey(keyType) && !keyType.incremental
    ? "gauge"
    : MetricKeyType.isCounterKey(keyType) || MetricKeyType.isFrequencyKey(keyType)
    ? "counter"
    : MetricKeyType.isGaugeKey(keyType)
    ? "gauge"
    : MetricKeyType.isHistogramKey(keyType)
    ? "histogram"
    : MetricKeyType.isSummaryKey(keyType)
    ? "summary"
    : undefined

const familyName = (name: string, kind: Kind) => {
  const base = sanitizeName(name)
  return kind === "counter" && !base.endsWith("_total") ? `${base}_total` : base
}

// The sample lines of one metric pair; the sort key keeps a series' lines together and in their natural order.
const samplesOf = (family: string, pair: MetricPair.MetricPair.Untyped): Array<{ sortKey: string; text: string }> => {
  const pairs = labelPairs(pair.metricKey.tags)
  const series = renderLabels(pairs)
  const state: unknown = pair.metricState
  const line = (index: number, text: string) => ({ sortKey: `${series}\u0000${String(index).padStart(6, "0")}`, text })
  if (MetricState.isCounterState(state)) return [line(0, sample(family, pairs, state.count))]
  if (MetricState.isGaugeState(state)) return [line(0, sample(family, pairs, state.value))]
  if (MetricState.isFrequencyState(state)) {
    return [...state.occurrences].sort(([a], [b]) => compare(a, b)).map(([word, count]) => {
      const withKey = labelPairs([...pair.metricKey.tags, { key: "key", value: word }])
      return { sortKey: `${renderLabels(withKey)}\u0000`, text: sample(family, withKey, count) }
    })
  }
  if (MetricState.isHistogramState(state)) {
    const buckets = [...state.buckets].filter(([bound]) => bound !== Infinity).sort(([a], [b]) => a - b)
    const lines = buckets.map(([bound, cumulative], i) =>
      line(i, sample(`${family}_bucket`, [...pairs, ["le", formatValue(bound)]], cumulative)))
    // Effect's buckets are cumulative already; +Inf is every observation.
    lines.push(line(buckets.length, sample(`${family}_bucket`, [...pairs, ["le", "+Inf"]], state.count)))
    lines.push(line(buckets.length + 1, sample(`${family}_sum`, pairs, state.sum)))
    lines.push(line(buckets.length + 2, sample(`${family}_count`, pairs, state.count)))
    return lines
  }
  if (MetricState.isSummaryState(state)) {
    const quantiles = [...state.quantiles].sort(([a], [b]) => a - b)
    const lines = quantiles.map(([q, value], i) =>
      line(i, sample(family, [...pairs, ["quantile", formatValue(q)]], Option.getOrElse(value, () => NaN))))
    lines.push(line(quantiles.length, sample(`${family}_sum`, pairs, state.sum)))
    lines.push(line(quantiles.length + 1, sample(`${family}_count`, pairs, state.count)))
    return lines
  }
  return []
}

const KIND_ORDER: Record<Kind, number> = { counter: 0, gauge: 1, histogram: 2, summary: 3 }

/**
 * Encodes metric pairs (`Metric.unsafeSnapshot()`) in the Prometheus text format 0.0.4: one `# HELP` and `# TYPE`
 * per family, counters named `…_total`, histograms as cumulative `_bucket{le}` with `_sum` and `_count`. Families
 * are sorted by name and series by labels, so the same pairs in any order encode to the same text. A name used by
 * two kinds keeps the first of counter, gauge, histogram, summary; the others are left out.
 */
export const encode = (pairs: ReadonlyArray<MetricPair.MetricPair.Untyped>): string => {
  const families = new Map<string, Family>()
  const known = pairs.flatMap((pair) => {
    const kind = kindOf(pair.metricKey.keyType)
    if (kind === undefined) return []
    const description = Option.getOrElse(pair.metricKey.description, () => "")
    return [{ pair, kind, name: familyName(pair.metricKey.name, kind), description }]
  }).sort((a, b) => compare(a.name, b.name) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compare(a.description, b.description))
  for (const { description, kind, name, pair } of known) {
    let family = families.get(name)
    if (family === undefined) {
      family = { name, kind, help: "", lines: [] }
      families.set(name, family)
    } else if (family.kind !== kind) continue
    if (family.help === "") family.help = description
    family.lines.push(...samplesOf(name, pair))
  }
  const out: Array<string> = []
  for (const family of [...families.values()].sort((a, b) => compare(a.name, b.name))) {
    // An empty HELP is legal but useless; the name says as much.
    out.push(`# HELP ${family.name} ${escapeHelp(family.help === "" ? family.name : family.help)}`)
    out.push(`# TYPE ${family.name} ${family.kind}`)
    const lines = [...family.lines].sort((a, b) => compare(a.sortKey, b.sortKey) || compare(a.text, b.text))
    for (const line of lines) out.push(line.text)
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`
}

/** The global registry encoded now (see {@link encode}). */
export const scrape: Effect.Effect<string> = Effect.map(Metric.snapshot, encode)
