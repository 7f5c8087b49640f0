import { DateTime } from "effect"

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

// Zone offsets change on quarter-hour boundaries at most; each quarter hour's offset is computed once per zone (the
// zoned conversion costs ≈ 10 µs, twenty times a list page).
const QUARTER_HOUR = 15 * 60 * 1000
const offsets = new WeakMap<DateTime.TimeZone, Map<number, number>>()
const offsetAt = (epochMillis: number, zone: DateTime.TimeZone): number => {
  let byQuarter = offsets.get(zone)
  if (byQuarter === undefined) offsets.set(zone, byQuarter = new Map())
  const quarter = Math.floor(epochMillis / QUARTER_HOUR)
  let offset = byQuarter.get(quarter)
  if (offset === undefined) {
    offset = DateTime.zonedOffset(DateTime.unsafeMakeZoned(quarter * QUARTER_HOUR, { timeZone: zone }))
    if (byQuarter.size >= 100_000) byQuarter.clear()
    byQuarter.set(quarter, offset)
  }
  return offset
}

/** Formats an instant as `yyyy-MM-dd HH:mm:ss` in a time zone, as the apps expect (`gmtCreate`, `creationTime`). */
export const formatWireTime = (instant: DateTime.Utc, zone: DateTime.TimeZone): string => {
  const local = new Date(instant.epochMillis + offsetAt(instant.epochMillis, zone))
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${
    pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
}
