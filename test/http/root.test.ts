import { describe, expect, it } from "vitest"
import { useServer } from "./support.ts"

describe("GET /", () => {
  const api = useServer()

  it("redirects to the interactive documentation", async () => {
    const answer = await api.call("/", { redirect: "manual" })
    expect(answer.status).toBe(302)
    expect(answer.headers.get("location")).toBe("/docs")
    expect((await api.call("/")).text).toContain("swagger")
  })
})
