import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { NO_STORE_PATHS } from "../../adapters/http/middleware/edge_headers.ts"
import { rawHttp, rawSocket } from "./_raw_http.ts"
import { expectEnvelope, useServer } from "./support.ts"

const laneLines = (logs: ReadonlyArray<string>) => logs.filter((l) => l.includes("\"fastPath\":true")).length

describe("HTTP edge headers", () => {
  const api = useServer()
  const raw = (path: string, options?: Parameters<typeof rawHttp>[1]) => rawHttp(`${api.url()}${path}`, options)

  it("every answer says X-Content-Type-Options: nosniff: envelopes, failures, the read lane, files, docs, objects", async () => {
    const before = laneLines(api.logs())
    const answers = {
      success: await raw("/user/randomUser"),
      unknownPath: await raw("/nope"),
      missingToken: await raw("/vod/getRecommendVideoList?pageIndex=1&pageSize=10"),
      wrongMethod: await raw("/user/updateUser"),
      badBody: await raw("/user/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
      lane: await raw("/resource/getPasterInfo"),
      laneGzip: await raw("/resource/getMv", { headers: { "accept-encoding": "gzip" } }),
      asset: await raw("/assets/avatars/avatar-01.png"),
      assetHead: await raw("/assets/avatars/avatar-01.png", { method: "HEAD" }),
      assetRange: await raw("/assets/avatars/avatar-01.png", { headers: { range: "bytes=0-9" } }),
      assetMissing: await raw("/assets/none.png"),
      docs: await raw("/docs"),
      openapi: await raw("/openapi.json"),
      health: await raw("/health"),
      ready: await raw("/ready"),
      redirect: await raw("/"),
      callback: await raw("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
      objectDenied: await raw("/local-oss/local/sv/x.mp4", { method: "PUT", body: "x" }),
      options: await raw("/user/login", { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } })
    }
    expect(laneLines(api.logs()) - before).toBe(2)
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers["x-content-type-options"], `${name} (${answer.status})`).toBe("nosniff")
    }
    // Malformed HTTP is answered on the socket by node_server.ts, before any app.
    const malformed = await rawSocket(api.url(), "NOT HTTP\r\n\r\n")
    expect(malformed).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(malformed.toLowerCase()).toContain("\r\nx-content-type-options: nosniff\r\n")
  })

  it("answers that carry tokens, credentials or signed URLs say Cache-Control: no-store, success or not", async () => {
    const paths = Object.keys((await api.get("/openapi.json")).json.paths as Record<string, unknown>)
    for (const path of NO_STORE_PATHS) {
      expect(paths, `${path} is an endpoint of the contract`).toContain(path)
      const answer = await raw(path)
      expect(answer.headers["cache-control"], path).toBe("no-store")
    }
    const user = expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }
    expect((await api.get("/user/randomUser")).headers.get("cache-control")).toBe("no-store")
    expect((await api.postForm("/user/register", { username: "edge_user", password: "correct-horse" })).headers.get("cache-control")).toBe("no-store")
    const login = await api.postForm("/user/login", { username: "edge_user", password: "correct-horse" })
    expect([expectEnvelope(login, "200").code, login.headers.get("cache-control")]).toEqual(["200", "no-store"])
    for (const path of ["/vod/getSts", "/demo/getSts", "/player/getVideoSts"]) {
      const answer = await api.get(path, { token: user.token })
      expect([expectEnvelope(answer, "200").code, answer.headers.get("cache-control")], path).toEqual(["200", "no-store"])
    }
    // Catalogue and list answers, and the documents, are not marked.
    for (const path of ["/resource/getPasterInfo", "/music/getRecommendMusic?pageNo=1&pageSize=5", "/openapi.json", "/health"]) {
      expect((await raw(path)).headers["cache-control"], path).toBeUndefined()
    }
    const list = await raw(`/vod/getRecommendVideoList?pageIndex=1&pageSize=5&token=${user.token}`)
    expect(list.headers["cache-control"]).toBeUndefined()
  })

  it("/docs carries a Content-Security-Policy that allows its own inline script by hash, and nothing from elsewhere", async () => {
    const docs = await raw("/docs")
    const html = docs.body.toString("utf8")
    const policy = String(docs.headers["content-security-policy"])
    const directives = new Map(policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name!, values] as const
    }))
    expect(directives.get("default-src")).toEqual(["'none'"])
    expect(directives.get("frame-ancestors")).toEqual(["'none'"])
    expect(directives.get("connect-src")).toEqual(["'self'"])
    const scriptSrc = directives.get("script-src")!
    expect(scriptSrc.every((s) => s.startsWith("'sha256-"))).toBe(true)
    // The page's executable script (the Swagger UI bundle and its start-up) is allowed, by the hash a browser computes.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)]
    const executable = scripts.filter(([, attributes]) => !attributes!.includes("application/json"))
    expect(executable.length).toBeGreaterThan(0)
    for (const [, , text] of executable) {
      expect(scriptSrc).toContain(`'sha256-${createHash("sha256").update(text!, "utf8").digest("base64")}'`)
    }
    // Offline: no script, style sheet or image is loaded from another origin.
    expect(html).not.toMatch(/<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=/i)
    // Only the docs page carries it.
    expect((await raw("/openapi.json")).headers["content-security-policy"]).toBeUndefined()
    expect((await raw("/user/randomUser")).headers["content-security-policy"]).toBeUndefined()
  })

  it("no CORS unless configured: an Origin gets no Access-Control-Allow-Origin, and OPTIONS is no preflight", async () => {
    const origin = { origin: "https://app.example.com" }
    for (const answer of [
      await raw("/user/randomUser", { headers: origin }),
      await raw("/resource/getPasterInfo", { headers: origin }),
      await raw("/user/login", { method: "OPTIONS", headers: { ...origin, "access-control-request-method": "POST" } })
    ]) {
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined()
      expect(String(answer.headers["vary"] ?? "")).not.toContain("origin")
      expect(answer.status).toBe(200)
    }
  })
})
