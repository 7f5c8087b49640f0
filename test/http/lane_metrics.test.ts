import { Option, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { useServer } from "./support.ts"

// The read lane answers cached catalogue reads in front of the Effect app; /metrics must count those requests too,
// or the busiest endpoints would be missing from the request counts.

const TOKEN = "lane-metrics-scrape-token-0123456789"

const requestCount = (text: string, route: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`qu_http_requests_total{code="200",route="${route}"}`))
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1))
}

describe("request metrics of the read lane", () => {
  const api = useServer({ metrics: { token: Option.some(Redacted.make(TOKEN)), port: Option.none(), host: "127.0.0.1" } })
  const scrape = async () => (await api.get("/metrics", {}, { authorization: `Bearer ${TOKEN}` })).text

  it("counts catalogue reads the lane answers, by route, with their latency", async () => {
    const route = "/resource/getPasterInfo"
    const before = requestCount(await scrape(), route)
    // The first read may be the app's (the lane renders on first use); the next ones are the lane's.
    for (let i = 0; i < 5; i++) expect((await api.get(route)).json.code).toBe("200")
    const after = await scrape()
    expect(requestCount(after, route) - before).toBe(5)
    expect(after).toContain(`qu_http_request_duration_seconds_count{route="${route}"}`)
  })
})
