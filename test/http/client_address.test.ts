import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { parseTrustedProxies } from "../../adapters/http/middleware/forwarded_for.ts"
import { useServer } from "./support.ts"

// The demo group's rate limit is per client address (adapters/http/middleware/demo_gate.ts): which address it counts shows
// through the "429" a third request within the minute gets. The test server's peer is 127.0.0.1.

type Api = ReturnType<typeof useServer>

const demoCodes = async (api: Api, headers: ReadonlyArray<string>) => {
  const seen: Array<string> = []
  for (const header of headers) seen.push((await api.get("/demo/getSts", {}, { "x-forwarded-for": header })).json.code as string)
  return seen
}

describe("HTTP client address behind trusted proxies (QU_TRUST_PROXY=on, default QU_TRUSTED_PROXIES)", () => {
  const api = useServer({ trustProxy: true, demoRatePerMinute: 2 })

  it("counts the right-most untrusted X-Forwarded-For hop: a spoofed first entry buys no fresh allowance", async () => {
    expect(await demoCodes(api, [
      "198.51.100.1, 203.0.113.7",
      "198.51.100.2, 203.0.113.7",
      "198.51.100.3, 203.0.113.7, 10.0.0.5"
    ])).toEqual(["200", "200", "429"])
  })

  it("tells clients apart, and reads one client in its every spelling (port, IPv4-mapped, spaces)", async () => {
    expect(await demoCodes(api, ["203.0.113.8", "203.0.113.9", "203.0.113.9"])).toEqual(["200", "200", "200"])
    expect(await demoCodes(api, [" 203.0.113.8:40000 ", "::ffff:203.0.113.8"])).toEqual(["200", "429"])
    expect(await demoCodes(api, ["[2001:db8::8]:443", "2001:DB8:0::8", "garbage, 2001:db8:0:0::8"])).toEqual(["200", "200", "429"])
  })
})

describe("HTTP client address when the peer is not a trusted proxy", () => {
  const api = useServer({
    trustProxy: true,
    trustedProxies: Either.getOrThrow(parseTrustedProxies("10.0.0.0/8")),
    demoRatePerMinute: 2
  })

  it("ignores X-Forwarded-For from a peer outside QU_TRUSTED_PROXIES: every request counts as the peer's", async () => {
    expect(await demoCodes(api, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])).toEqual(["200", "200", "429"])
  })
})
