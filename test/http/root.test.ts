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

describe("GET /openapi.json", () => {
  const api = useServer()

  it("has a summary for every operation, a server, a licence and a description for every tag", async () => {
    const spec = (await api.call("/openapi.json")).json
    const missing: Array<string> = []
    for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (typeof operation.summary !== "string" || operation.summary === "") missing.push(`${method} ${path}`)
      }
    }
    expect(missing).toEqual([])
    expect(spec.servers.length).toBeGreaterThan(0)
    expect(spec.info.license.name).toBe("MIT")
    expect(spec.tags.filter((t: any) => !t.description).map((t: any) => t.name)).toEqual([])
  })

  it("documents a form and a JSON body for every POST, with its parameters and required ones", async () => {
    const spec = (await api.call("/openapi.json")).json
    const posts = Object.entries(spec.paths as Record<string, Record<string, any>>).filter(([, ops]) => ops.post !== undefined)
    expect(posts.length).toBeGreaterThan(3)
    for (const [path, { post }] of posts) {
      // The admin catalogue import takes a whole catalogue file: JSON only.
      const expected = path === "/admin/catalogue" ? ["application/json"] : ["application/x-www-form-urlencoded", "application/json"]
      expect(Object.keys(post.requestBody?.content ?? {}), path).toEqual(expected)
    }
    const publish = spec.paths["/vod/videoPublish"].post.requestBody.content["application/json"].schema
    expect(publish.required).toEqual(["videoId"])
    expect(Object.keys(publish.properties)).toEqual(expect.arrayContaining(["videoId", "title", "coverUrl", "token"]))
    const login = spec.paths["/user/login"].post.requestBody.content["application/x-www-form-urlencoded"].schema
    expect(login.required).toEqual(["username", "password"])
  })
})
