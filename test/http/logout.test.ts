import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"

describe("HTTP /user/logout and session limits", () => {
  const api = useServer()
  const randomUser = async () => expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }
  // Both lanes that authenticate: the Effect app (updateUser) and the read lane's lists (the session cache's peek).
  const rename = (token: string, userId: string) => api.postForm("/user/updateUser", { token, userId, nickname: "新名字" })
  const personal = (token: string) => api.get("/vod/getPersonalVideoList", { token, pageIndex: "1", pageSize: "10" })
  const expectToken = async (token: string, userId: string, code: "200" | "401") => {
    expectEnvelope(await rename(token, userId), code)
    expectEnvelope(await personal(token), code)
  }

  it("POST /user/logout ends the token at once on the same server, though it was cached; data is null", async () => {
    const me = await randomUser()
    await expectToken(me.token, me.userId, "200")
    const answer = await api.postForm("/user/logout", { token: me.token })
    expect(expectEnvelope(answer, "200").data).toBeNull()
    expect(answer.text).not.toContain(me.token)
    await expectToken(me.token, me.userId, "401")
    const again = expectEnvelope(await api.postForm("/user/logout", { token: me.token }), "401")
    expect(again.message).toBe("Please log in the system!")
    expect(api.logs().join("\n")).not.toContain(me.token)
  })

  it("takes the token as other authenticated endpoints do: Bearer header, JSON body or query", async () => {
    const viaBearer = await randomUser()
    expectEnvelope(await api.call("/user/logout", { method: "POST", headers: { authorization: `Bearer ${viaBearer.token}` } }), "200")
    const viaJson = await randomUser()
    expectEnvelope(await api.postJson("/user/logout", { token: viaJson.token }), "200")
    const viaQuery = await randomUser()
    expectEnvelope(await api.call(`/user/logout?token=${viaQuery.token}`, { method: "POST" }), "200")
    for (const user of [viaBearer, viaJson, viaQuery]) await expectToken(user.token, user.userId, "401")
  })

  it("answers 401 without a valid token, and only to POST", async () => {
    expectEnvelope(await api.postForm("/user/logout", {}), "401")
    expectEnvelope(await api.postForm("/user/logout", { token: "not-a-real-token-at-all" }), "401")
    const me = await randomUser()
    const get = expectEnvelope(await api.get("/user/logout", { token: me.token }), "404")
    expect(get.data).toBeNull()
    await expectToken(me.token, me.userId, "200")
  })

  it("logging out ends only that token: the user's other logins and other users stay signed in", async () => {
    const credentials = { username: "two_phones", password: "password-123" }
    const { userId } = expectEnvelope(await api.postForm("/user/register", credentials), "200").data
    const phone = expectEnvelope(await api.postForm("/user/login", credentials), "200").data.token as string
    const tablet = expectEnvelope(await api.get("/user/login", credentials), "200").data.token as string
    const other = await randomUser()
    for (const token of [phone, tablet]) await expectToken(token, userId, "200")
    expectEnvelope(await api.postForm("/user/logout", { token: phone }), "200")
    await expectToken(phone, userId, "401")
    await expectToken(tablet, userId, "200")
    await expectToken(other.token, other.userId, "200")
  })

  it("the 11th login revokes the oldest session (10 live per user by default), the others stay", async () => {
    const credentials = { username: "many_devices", password: "password-123" }
    const { userId } = expectEnvelope(await api.postForm("/user/register", credentials), "200").data
    const tokens: Array<string> = []
    for (let i = 0; i < 10; i++) tokens.push(expectEnvelope(await api.postForm("/user/login", credentials), "200").data.token)
    for (const token of tokens) await expectToken(token, userId, "200")
    tokens.push(expectEnvelope(await api.postForm("/user/login", credentials), "200").data.token)
    await expectToken(tokens[0]!, userId, "401")
    for (const token of tokens.slice(1)) await expectToken(token, userId, "200")
  })
})
