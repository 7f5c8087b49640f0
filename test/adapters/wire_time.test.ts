import { expect, it } from "@effect/vitest"
import { DateTime, FastCheck as fc } from "effect"
import { formatWireTime } from "../../adapters/http/wire/wire_time.ts"

const pad = (n: number, width = 2) => String(n).padStart(width, "0")
// The zoned conversion of Effect's DateTime, which formatWireTime replaces with a cached offset per quarter hour.
const reference = (instant: DateTime.Utc, zone: DateTime.TimeZone) => {
  const p = DateTime.toParts(DateTime.setZone(instant, zone))
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`
}
// DST at 2:00 (New York, London), half-hour DST (Lord Howe), a 5:45 offset (Kathmandu), none (Shanghai).
const zones = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]
  .map((name) => DateTime.zoneUnsafeMakeNamed(name))

it.prop(
  "formatWireTime() writes the local time of any instant in any zone, across every DST change",
  [fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones)],
  ([millis, zone]) => {
    const instant = DateTime.unsafeMake(millis)
    expect(formatWireTime(instant, zone)).toBe(reference(instant, zone))
  },
  { fastCheck: { numRuns: 5_000 } }
)
