import { expect, layer } from "@effect/vitest"
import { Cause, Effect, Exit, type Layer } from "effect"
import { randomBytes } from "node:crypto"
import { type StoredEvent, VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { at, unique } from "./_fixtures.ts"

const newVideoId = () => randomBytes(16).toString("hex")

const event = (videoId: string, body: unknown, overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  key: unique("digest"),
  videoId,
  eventType: "SnapshotComplete",
  at: 1_893_456_000_123,
  body,
  receivedAt: at("2030-03-04T05:06:07.890Z"),
  ...overrides
})

const byKey = (events: ReadonlyArray<StoredEvent>) => [...events].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

/** The VodEventRepository contract: every adapter must pass it. The layer may be shared by all tests of the suite. */
export const vodEventRepositoryContract = <E>(name: string, repository: Layer.Layer<VodEventRepository, E>) =>
  layer(repository)(name, (it) => {
    it.effect("insert() is true for a new key, false for a repeated one, and keeps the first event", () =>
      Effect.gen(function*() {
        const events = yield* VodEventRepository
        const videoId = newVideoId()
        const first = event(videoId, { EventType: "SnapshotComplete", Status: "success" })
        expect(yield* events.insert(first)).toBe(true)
        const again = event(videoId, { EventType: "SnapshotComplete", Status: "fail" }, { key: first.key, at: 1 })
        expect(yield* events.insert(again)).toBe(false)
        expect(yield* events.listByVideoId(videoId)).toEqual([first])
      }))

    it.effect("listByVideoId() returns every event of the video, bodies as JSON with their keys and text intact", () =>
      Effect.gen(function*() {
        const events = yield* VodEventRepository
        const videoId = newVideoId()
        const stored = [
          event(videoId, {
            EventType: "AIMediaAuditComplete",
            Data: { Suggestion: "pass", snake_case_key: [1, 2.5, { nested_again: null, 中文键: "视频 \"审核\" 🎬\n" }] },
            camelCase: true
          }, { eventType: "AIMediaAuditComplete", at: 4_102_444_800_000 }),
          event(videoId, { EventType: "StreamTranscodeComplete", Definition: "SD-NBV1", Size: 1_234_567_890_123 }),
          event(videoId, ["not", "an", "object"], { eventType: "SomethingNew", at: 0 }),
          event(videoId, "a bare string")
        ]
        for (const e of stored) expect(yield* events.insert(e)).toBe(true)
        yield* events.insert(event(newVideoId(), { EventType: "SnapshotComplete" }))
        expect(byKey(yield* events.listByVideoId(videoId))).toEqual(byKey(stored))
      }))

    it.effect("insert() of a body with a NUL character dies (jsonb refuses it) and stores nothing; a text \\u0000 is kept", () =>
      Effect.gen(function*() {
        const events = yield* VodEventRepository
        const videoId = newVideoId()
        const exit = yield* Effect.exit(events.insert(event(videoId, { Title: "a\u0000b" })))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        const literal = event(videoId, { Title: "C:\\u0000\\" })
        expect(yield* events.insert(literal)).toBe(true)
        expect(yield* events.listByVideoId(videoId)).toEqual([literal])
      }))

    it.effect("listByVideoId() of a video without events is empty", () =>
      Effect.gen(function*() {
        expect(yield* (yield* VodEventRepository).listByVideoId(newVideoId())).toEqual([])
      }))

    it.effect("listLatest() gives the last events newest first with their outcome; setOutcome() records it", () =>
      Effect.gen(function*() {
        const events = yield* VodEventRepository
        const videoId = newVideoId()
        const stored = [1, 2, 3].map((i) =>
          event(videoId, { EventType: "SnapshotComplete", n: i }, { receivedAt: at(`2030-03-04T05:06:0${i}.000Z`) }))
        for (const e of stored) yield* events.insert(e)
        yield* events.insert(event(newVideoId(), { EventType: "SnapshotComplete" }))
        expect(yield* events.listLatest(videoId, 2)).toEqual([
          { ...stored[2]!, outcome: "pending" },
          { ...stored[1]!, outcome: "pending" }
        ])
        yield* events.setOutcome([stored[0]!.key, stored[2]!.key], "applied")
        yield* events.setOutcome([stored[1]!.key], "unchanged")
        yield* events.setOutcome([], "reaudit")
        expect((yield* events.listLatest(videoId, 10)).map((e) => e.outcome)).toEqual(["applied", "unchanged", "applied"])
        expect(byKey(yield* events.listByVideoId(videoId))).toEqual(byKey(stored))
      }))
  })
