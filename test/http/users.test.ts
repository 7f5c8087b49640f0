import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

describe("HTTP /user/*", () => {
  const api = useServer()

  it("GET /user/randomUser answers a ready-to-use anonymous user with string fields", async () => {
    const e = expectEnvelope(await api.get("/user/randomUser"), "200")
    expect(e.message).toBe("")
    const d = e.data
    for (const key of ["id", "userId", "token", "nickName", "avatarUrl", "avatar", "gmtCreate", "gmtModified"]) {
      expect(typeof d[key], key).toBe("string")
    }
    expect(d.userId).toMatch(/^\d+$/)
    expect(d.id).toBe(d.userId)
    expect(d.token).toMatch(/^[A-Za-z0-9_-]{22,}$/)
    expect(d.avatar).toBe(d.avatarUrl)
    expect(d.avatarUrl).toMatch(/^https?:\/\//)
    expect(d.gmtCreate).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(d.gmtModified).toBe("")
  })

  it("register (form POST) then login (GET) returns a token, string ids and the profile", async () => {
    const reg = expectEnvelope(await api.postForm("/user/register", { username: "Xiao_Ming", password: "s3cret-pass" }), "200")
    expect(Object.keys(reg.data).sort()).toEqual(["avatarUrl", "nickName", "userId"])
    expect(reg.data.userId).toMatch(/^\d+$/)
    expect(reg.data.nickName).toBe("Xiao_Ming")
    const login = expectEnvelope(await api.get("/user/login", { username: "xiao_ming", password: "s3cret-pass" }), "200")
    expect(login.data.userId).toBe(reg.data.userId)
    expect(typeof login.data.token).toBe("string")
    expect(login.data.avatarUrl).toBe(reg.data.avatarUrl)
  })

  it("register answers GET and JSON POST too, and 409 for a username taken in another case", async () => {
    expectEnvelope(await api.get("/user/register", { username: "dup.user", password: "password-1" }), "200")
    const again = expectEnvelope(await api.postJson("/user/register", { username: "DUP.USER", password: "password-2" }), "409")
    expect(again.message).toMatch(/username/)
  })

  it("login gives the same 401 for an unknown user and a wrong password", async () => {
    await api.postForm("/user/register", { username: "carol", password: "right-password" })
    const wrong = expectEnvelope(await api.postForm("/user/login", { username: "carol", password: "wrong-password" }), "401")
    const unknown = expectEnvelope(await api.postForm("/user/login", { username: "nobody", password: "wrong-password" }), "401")
    expect(wrong.message).toBe(unknown.message)
  })

  it("bad parameters answer 400 naming the parameter, never echoing a password", async () => {
    const missing = expectEnvelope(await api.postForm("/user/register", { password: "password-1" }), "400")
    expect(missing.message).toContain("username")
    const short = expectEnvelope(await api.get("/user/register", { username: "ok_name", password: "short7!" }), "400")
    expect(short.message).toContain("password")
    expect(short.text ?? JSON.stringify(short)).not.toContain("short7!")
    const badName = expectEnvelope(await api.get("/user/register", { username: "a b", password: "password-1" }), "400")
    expect(badName.message).toContain("username")
  })

  it("updateUser renames the caller with a Bearer token or a token parameter, and lists show it", async () => {
    const me = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const viaBearer = expectEnvelope(
      await api.postForm("/user/updateUser", { userId: me.userId, nickname: "新名字 🎬" }, {
        authorization: `Bearer ${me.token}`
      }),
      "200"
    )
    expect(viaBearer.data).toBeNull()
    expect(viaBearer.message).not.toBe("")
    expectEnvelope(await api.postJson("/user/updateUser", { token: me.token, userId: me.userId, nickname: "again" }), "200")
    expectEnvelope(await api.call(`/user/updateUser?token=${me.token}&userId=${me.userId}&nickname=query`, {
      method: "POST"
    }), "200")
  })

  it("updateUser answers 401 without a valid token and 403 for another user's id", async () => {
    const me = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const other = expectEnvelope(await api.get("/user/randomUser"), "200").data
    const none = expectEnvelope(await api.postForm("/user/updateUser", { userId: me.userId, nickname: "x" }), "401")
    expect(none.message).toBe("Please log in the system!")
    expectEnvelope(await api.postForm("/user/updateUser", { token: "not-a-real-token-at-all", userId: me.userId, nickname: "x" }), "401")
    expectEnvelope(await api.postForm("/user/updateUser", { token: me.token, userId: other.userId, nickname: "x" }), "403")
    expectEnvelope(await api.postForm("/user/updateUser", { token: me.token, userId: me.userId, nickname: "" }), "400")
  })
})

describe("HTTP envelope for everything else", () => {
  const api = useServer({ maxBodyBytes: 2048 })

  it("an unknown path and a wrong method answer the envelope with 404", async () => {
    expectEnvelope(await api.get("/no/such/path"), "404")
    expectEnvelope(await api.call("/user/randomUser", { method: "DELETE" }), "404")
  })

  it("malformed JSON and non-object JSON answer 400", async () => {
    const bad = await api.call("/user/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" })
    expect(expectEnvelope(bad, "400").message).toMatch(/JSON/)
    expectEnvelope(await api.postJson("/user/login", [1, 2]), "400")
    expectEnvelope(await api.postJson("/user/login", { username: { nested: 1 }, password: "x" }), "400")
  })

  it("a body over the limit answers 400 naming the limit", async () => {
    const big = await api.postForm("/user/login", { username: "someone", password: "x".repeat(5000) })
    expect(expectEnvelope(big, "400").message).toContain("2048")
  })

  it("a URL over the header limit answers the envelope, not a bare 431", async () => {
    const answer = await api.get("/user/login", { username: "u".repeat(40_000), password: "p" })
    expect(expectEnvelope(answer, "400").message).toMatch(/limit/)
  })

  it("/health and /ready answer plain JSON", async () => {
    const health = await api.get("/health")
    expect(health.json).toEqual({ status: "ok" })
    const ready = await api.get("/ready")
    expect(ready.json).toEqual({ status: "ok" })
  })

  it("/docs serves interactive docs and /openapi.json the contract", async () => {
    const docs = await api.get("/docs")
    expect(docs.status).toBe(200)
    expect(docs.text).toMatch(/<html/i)
    const spec = await api.get("/openapi.json")
    expect(Object.keys(spec.json.paths)).toContain("/user/randomUser")
  })
})

describe("HTTP request log", () => {
  const api = useServer()

  it("writes one line per request with method, path, status, duration and request id, and no secrets", async () => {
    const password = "Pa55word-Never-Logged"
    await api.postForm("/user/register", { username: "logged_user", password })
    const login = expectEnvelope(await api.get("/user/login", { username: "logged_user", password }), "200")
    const token = login.data.token as string
    await api.get("/user/login", { username: "logged_user", password: `${password}-wrong` })
    await api.postForm(`/user/updateUser?token=${token}`, { userId: login.data.userId, nickname: "n" })
    await api.postForm("/user/updateUser", { userId: login.data.userId, nickname: "n" }, { authorization: `Bearer ${token}` })
    const logs = api.logs().join("\n")
    expect(logs).not.toContain(password)
    expect(logs).not.toContain(token)
    const lines = api.logs().map((l) => JSON.parse(l)).filter((l) => l.message === "http request")
    expect(lines.length).toBe(5)
    const line = lines.find((l) => l.annotations.requestId === login.requestId)
    expect(line.annotations).toMatchObject({ method: "GET", path: "/user/login", status: 200, code: "200" })
    expect(typeof line.annotations.durationMs).toBe("number")
    expect(line.annotations.query).toContain("password=%5BREDACTED%5D")
  })
})
