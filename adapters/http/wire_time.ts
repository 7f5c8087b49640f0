import { DateTime } from "effect"

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** Formats an instant as `yyyy-MM-dd HH:mm:ss` in a time zone, as the apps expect (`gmtCreate`, `creationTime`). */
export const formatWireTime = (instant: DateTime.Utc, zone: DateTime.TimeZone): string => {
  const p = DateTime.toParts(DateTime.setZone(instant, zone))
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`
}
