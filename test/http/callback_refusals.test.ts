import { describe, expect, it } from "vitest"
import { useServer } from "./support.ts"

// A refused VOD callback (adapters/http/handlers/vod_callback.ts) answers a short fixed text naming at most the field; what
// Schema said about it (our schema's shape, the body's values) goes to the log only.

const eventTime = (offsetSeconds = 0) => new Date(Date.now() + offsetSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")
const VIDEO = "c".repeat(32)

describe("HTTP VOD callback refusals", () => {
  const api = useServer()
  const post = (body: unknown) =>
    api.call("/vodcallback/callback", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    })

  it("answer 400 with a fixed short message naming at most the field, never Schema's text", async () => {
    const cases: Array<[body: unknown, message: string]> = [
      [{ hello: "world" }, "Not a valid VOD event: check EventType"],
      [{ EventType: 42, EventTime: eventTime(), VideoId: VIDEO }, "Not a valid VOD event: check EventType"],
      [{ EventType: "FileUploadComplete", EventTime: "yesterday", VideoId: VIDEO }, "Not a valid VOD event: check EventTime"],
      [{ EventType: "FileUploadComplete", EventTime: eventTime(), VideoId: { secret: "s3cr3t-value" } }, "Not a valid VOD event: check VideoId"],
      [{ EventType: "AIMediaAuditComplete", EventTime: eventTime(), VideoId: VIDEO, Data: "{not json" }, "Not a valid VOD event: check Data"],
      [{ EventType: "FileUploadComplete", EventTime: eventTime() }, "Not a valid VOD event"],
      [{ EventType: "FileUploadComplete", EventTime: eventTime(3600), VideoId: VIDEO }, "Not a valid VOD event: check EventTime"],
      [[1, 2, 3], "Not a valid VOD event"]
    ]
    for (const [body, message] of cases) {
      const answer = await post(body)
      expect(answer.status, answer.text).toBe(400)
      expect(answer.text, JSON.stringify(body)).toBe(JSON.stringify({ message }))
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff")
    }
  })

  it("write the details to the log as a warning, for whoever runs the server", async () => {
    await post({ EventType: "FileUploadComplete", EventTime: eventTime(), VideoId: { secret: "s3cr3t-value" } })
    const refusals = api.logs().map((l) => JSON.parse(l)).filter((l) => l.message === "vod callback refused")
    const line = refusals.find((l) => l.annotations.field === "VideoId")
    expect(line?.logLevel).toBe("WARN")
    expect(line?.annotations.detail).toContain("[\"VideoId\"]")
    expect(line?.annotations.detail).toContain("Expected string")
  })
})
