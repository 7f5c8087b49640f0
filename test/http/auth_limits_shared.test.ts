import { SqlClient } from "@effect/sql"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as PgClient from "../../adapters/postgres/client.ts"
import { DEFAULT_THROTTLES } from "../../composition/config.ts"
import { postgresDatabase } from "../../composition/databases.ts"
import { expectEnvelope, useServer } from "./support.ts"

const testDatabaseUrl = () =>
  Effect.runSync(Config.option(Config.redacted("TEST_DATABASE_URL")).pipe(Effect.orElseSucceed(() => Option.none())))

describe.skipIf(Option.isNone(testDatabaseUrl()))("login limits and logout across two servers sharing PostgreSQL", () => {
  const name = `qu_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`
  const admin = (statement: string) =>
    Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
      Effect.provide(PgClient.layer({ url: Option.getOrThrow(testDatabaseUrl()), poolSize: 1 }))
    ))
  const url = () => {
    const u = new URL(Redacted.value(Option.getOrThrow(testDatabaseUrl())))
    u.pathname = `/${name}`
    return Redacted.make(u.toString())
  }
  beforeAll(() => admin(`create database ${name}`))
  afterAll(() => admin(`drop database if exists ${name} with (force)`))
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
