import { SqlClient } from "@effect/sql"
import { Config, Effect, Option, Redacted } from "effect"
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll } from "vitest"
import * as PgClient from "../../adapters/postgres/client.ts"
import { startTestServer, type TestServer, type TestServerOptions } from "../../composition/test_root.ts"

/** TEST_DATABASE_URL, when set: suites that need a real PostgreSQL are skipped without it. */
export const testDatabaseUrl = () =>
  Effect.runSync(Config.option(Config.redacted("TEST_DATABASE_URL")).pipe(Effect.orElseSucceed(() => Option.none())))

/**
 * A fresh database `qu_test_<random>` on TEST_DATABASE_URL's server for the enclosing describe block: created before
 * its tests, dropped (connections and all) after. Yields its name, its URL (to read once the block runs) and a way to
 * run a statement as the administrator.
 */
export const useIsolatedPostgres = () => {
  const name = `qu_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`
  const admin = (statement: string) =>
    Effect.runPromise(Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
      Effect.provide(PgClient.layer({ url: Option.getOrThrow(testDatabaseUrl()), poolSize: 1 }))
    ))
  beforeAll(() => admin(`create database ${name}`))
  afterAll(() => admin(`drop database if exists ${name} with (force)`))
  const url = () => {
    const u = new URL(Redacted.value(Option.getOrThrow(testDatabaseUrl())))
    u.pathname = `/${name}`
    return Redacted.make(u.toString())
  }
  return { name, url, admin }
}

/** The parsed envelope and the raw answer of one request. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: any
}

/** A started test server for the enclosing describe block, and request helpers bound to it. */
export const useServer = (options?: TestServerOptions) => {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startTestServer(options)
  })
  afterAll(async () => {
    await server?.close()
  })
  const call = async (path: string, init?: RequestInit): Promise<Answer> => {
    const response = await fetch(`${server!.url}${path}`, init)
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, text, json }
  }
  return {
    get: (path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      call(`${path}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ""}`, { headers }),
    postForm: (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
      call(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(params).toString()
      }),
    postJson: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
    call,
    logs: () => server!.logs,
    url: () => server!.url,
    /** The running server itself (e.g. to import through its own catalogue). */
    server: () => server!
  }
}

/** Asserts the docs/reference/api-contract.md §1 envelope shape and JSON types; returns the envelope. */
export const expectEnvelope = (answer: Answer, code: string) => {
  if (answer.status !== 200) throw new Error(`expected HTTP 200, got ${answer.status}: ${answer.text}`)
  const e = answer.json
  const problems: Array<string> = []
  if (typeof e !== "object" || e === null) problems.push("body is not a JSON object")
  else {
    if (e.result !== (code === "200" ? "true" : "false")) problems.push(`result ${JSON.stringify(e.result)}`)
    if (e.code !== code) problems.push(`code ${JSON.stringify(e.code)} (message ${JSON.stringify(e.message)})`)
    if (typeof e.message !== "string") problems.push("message is not a string")
    if (typeof e.requestId !== "string" || !/^[0-9a-f-]{36}$/.test(e.requestId)) problems.push("requestId")
    if (answer.headers.get("x-request-id") !== e.requestId) problems.push("X-Request-Id header differs")
    if (code !== "200" && e.data !== null) problems.push("data is not null on failure")
    if (answer.headers.get("content-type") !== "application/json; charset=utf-8") problems.push("content-type")
    const keys = Object.keys(e).sort().join(",")
    if (keys !== "code,data,message,requestId,result") problems.push(`keys ${keys}`)
  }
  if (problems.length > 0) throw new Error(`bad envelope (${problems.join("; ")}): ${answer.text}`)
  return e
}
