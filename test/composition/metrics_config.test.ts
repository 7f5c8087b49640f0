import { Option } from "effect"
import { describe, expect, it } from "vitest"
import { serverConfigFrom } from "../../composition/config.ts"

// /metrics has a token of its own: a scraper's configuration must not hold the keys to the admin API.
describe("metrics configuration", () => {
  const admin = "an-admin-token-of-enough-length-0123"

  it("does not fall back to the admin token: with only QU_ADMIN_TOKEN there is no /metrics token", () => {
    const config = serverConfigFrom({ QU_ADMIN_TOKEN: admin })
    expect(Option.isSome(config.adminToken)).toBe(true)
    expect(Option.isNone(config.metrics.token)).toBe(true)
  })

  it("refuses a metrics token shorter than 24 characters, naming the variable", () => {
    expect(() => serverConfigFrom({ QU_METRICS_TOKEN: "short" })).toThrow(/QU_METRICS_TOKEN/)
    expect(Option.isSome(serverConfigFrom({ QU_METRICS_TOKEN: "m".repeat(24) }).metrics.token)).toBe(true)
  })

  it("refuses a short admin token the same way, naming QU_ADMIN_TOKEN; empty means unset", () => {
    expect(() => serverConfigFrom({ QU_ADMIN_TOKEN: "short" })).toThrow(/QU_ADMIN_TOKEN/)
    expect(Option.isNone(serverConfigFrom({ QU_ADMIN_TOKEN: "" }).adminToken)).toBe(true)
  })
})
