import { Effect, HashMap, Layer, Ref } from "effect"
import { type RecordedEvent, VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { MemoryStore } from "./store.ts"

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table("vod_events", HashMap.empty<string, RecordedEvent>())
  return VodEventRepository.of({
    insert: (event) => {
      // Stored as the SQL adapter stores it, as jsonb: nothing non-JSON (or shared) survives, and a NUL character in
      // a string is refused, as PostgreSQL refuses it.
      const json = JSON.stringify(event.body)
      if (/(^|[^\\])(\\\\)*\\u0000/.test(json)) return Effect.dieMessage("Cannot store event: jsonb refuses \\u0000")
      return store.write(Ref.modify(table, (rows): readonly [boolean, HashMap.HashMap<string, RecordedEvent>] =>
        HashMap.has(rows, event.key)
          ? [false, rows]
          : [true, HashMap.set(rows, event.key, { ...event, body: JSON.parse(json), outcome: "pending" })]))
    },
    listByVideoId: (videoId) =>
      Effect.map(Ref.get(table), (rows) =>
        [...HashMap.values(rows)].filter((e) => e.videoId === videoId).map(({ outcome: _, ...event }) => event)),
    setOutcome: (keys, outcome) =>
      store.write(Ref.update(table, (rows) =>
        keys.reduce((acc, key) => HashMap.modify(acc, key, (e) => ({ ...e, outcome })), rows))),
    listLatest: (videoId, limit) =>
      Effect.map(Ref.get(table), (rows) =>
        [...HashMap.values(rows)]
          .filter((e) => e.videoId === videoId)
          .sort((a, b) =>
            b.receivedAt.epochMillis - a.receivedAt.epochMillis || b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
          .slice(0, limit))
  })
})

/** Media-cloud events in memory, deduplicated by key. */
export const layer = Layer.effect(VodEventRepository, make)
