import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { memoryDatabase } from "../../composition/databases.ts"
import { Unavailable } from "../../core/domain/errors.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { expectEnvelope, useServer } from "./support.ts"

const DOWN = "The database is unavailable; retry shortly"

/** The memory database with users, sessions and events replaced by ones that die with `defect`, as the SQL adapter does. */
const databaseDyingWith = (defect: unknown) => {
  const dies = () => Effect.die(defect)
  return Layer.merge(
    memoryDatabase,
    Layer.mergeAll(
      Layer.mock(UserRepository, { findCredentials: dies, findById: dies, insert: dies }),
      Layer.mock(SessionRepository, { findByTokenHash: dies, insert: dies }),
      Layer.mock(VodEventRepository, { insert: dies, listByVideoId: dies })
    )
  )
}

const callbackBody = JSON.stringify({
  EventType: "AIMediaAuditComplete",
  EventTime: "2024-05-01T08:00:00Z",
  MediaId: "d".repeat(32),
  Status: "success",
  Data: { Suggestion: "pass" }
})
const token = "A".repeat(32)
const postCallback = (api: ReturnType<typeof useServer>) =>
  api.call("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: callbackBody })
const errorLines = (logs: ReadonlyArray<string>) => logs.filter((line) => JSON.parse(line).logLevel === "ERROR")

describe("HTTP while the database is unreachable (the SQL adapter dies with Unavailable)", () => {
  const api = useServer({ database: databaseDyingWith(new Unavailable({ message: DOWN })), jobWorkerIdle: null })

  it("login, register and a token endpoint answer the envelope with 503 and the message, logging no error", async () => {
    const answers = [
      await api.postForm("/user/login", { username: "someone", password: "password-1" }),
      await api.get("/user/register", { username: "someone", password: "password-1" }),
      await api.get("/vod/getSts", { token }),
      await api.postForm("/user/updateUser", { token, userId: "1", nickname: "x" })
    ]
    for (const answer of answers) expect(expectEnvelope(answer, "503").message).toBe(DOWN)
    expect(errorLines(api.logs())).toEqual([])
  })

  it("the VOD callback answers HTTP 503 with a message, so the cloud retries", async () => {
    const answer = await postCallback(api)
    expect(answer.status).toBe(503)
    expect(answer.json).toEqual({ message: DOWN })
    expect(errorLines(api.logs())).toEqual([])
  })
})

describe("HTTP when a repository fails unexpectedly", () => {
  const api = useServer({ database: databaseDyingWith(new Error("boom")), jobWorkerIdle: null })

  it("answers 500 with the request id (and logs it), not 503", async () => {
    const answer = expectEnvelope(await api.postForm("/user/login", { username: "someone", password: "password-1" }), "500")
    expect(answer.message).toContain(answer.requestId)
    expect(answer.message).not.toContain("boom")
    expect(errorLines(api.logs()).length).toBeGreaterThan(0)
  })

  it("the VOD callback still answers HTTP 500", async () => {
    const answer = await postCallback(api)
    expect(answer.status).toBe(500)
    expect(Object.keys(answer.json)).toEqual(["message"])
  })
})
