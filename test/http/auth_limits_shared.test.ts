import { Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { DEFAULT_THROTTLES } from "../../composition/config.ts"
import { postgresDatabase } from "../../composition/databases.ts"
import { expectEnvelope, testDatabaseUrl, useIsolatedPostgres, useServer } from "./support.ts"

describe.skipIf(Option.isNone(testDatabaseUrl()))("login limits and logout across two servers sharing PostgreSQL", () => {
  const { url } = useIsolatedPostgres()
  // Two servers, each with its own pool and change listener, as two processes would have.
  const server = () =>
    useServer({ throttles: DEFAULT_THROTTLES, database: Layer.suspend(() => postgresDatabase({ url: url(), poolSize: 4 })) })
  const a = server()
  const b = server()

  it("failures counted on one server refuse the 11th login on the other, the right password too", async () => {
    const credentials = { username: "shared_victim", password: "right-password" }
    expectEnvelope(await a.postForm("/user/register", credentials), "200")
    // Alternating servers, 5 failures each: neither alone reaches the limit.
    for (let i = 0; i < 10; i++) {
      expectEnvelope(await (i % 2 === 0 ? a : b).postForm("/user/login", { ...credentials, password: `wrong-${i}-password` }), "401")
    }
    expectEnvelope(await b.postForm("/user/login", credentials), "429")
    expectEnvelope(await a.postForm("/user/login", credentials), "429")
  })

  it("a token logged out on one server answers 401 on the other 100 ms later, though it was cached there", async () => {
    const me = expectEnvelope(await a.get("/user/randomUser"), "200").data as { token: string; userId: string }
    const list = { token: me.token, pageIndex: "1", pageSize: "10" }
    for (let i = 0; i < 2; i++) expectEnvelope(await b.get("/vod/getPersonalVideoList", list), "200")
    expectEnvelope(await a.postForm("/user/logout", { token: me.token }), "200")
    await new Promise((resolve) => setTimeout(resolve, 100))
    expectEnvelope(await b.get("/vod/getPersonalVideoList", list), "401")
    expect(expectEnvelope(await b.postForm("/user/logout", { token: me.token }), "401").message).toBe("Please log in the system!")
  })
})
