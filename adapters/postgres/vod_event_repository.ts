import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, Schema } from "effect"
import { VodEventRepository } from "../../core/ports/vod_event_repository.ts"

/** A `vod_events` row as selected below: the body as JSON text, so the client's name transform leaves its keys alone. */
const EventRow = Schema.Struct({
  key: Schema.String,
  videoId: Schema.String,
  eventType: Schema.String,
  at: Schema.NumberFromString,
  body: Schema.parseJson(),
  receivedAt: Schema.DateTimeUtcFromDate
})

const decodeRows = Schema.decodeUnknown(Schema.Array(EventRow))

const Outcome = Schema.transform(
  Schema.NullOr(Schema.String),
  Schema.Literal("pending", "applied", "unchanged", "reaudit", "unknown"),
  {
    strict: false,
    decode: (o) => (o === "pending" || o === "applied" || o === "unchanged" || o === "reaudit" ? o : "unknown"),
    encode: (o) => o
  }
)
const decodeRecorded = Schema.decodeUnknown(Schema.Array(Schema.Struct({ ...EventRow.fields, outcome: Outcome })))

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  return VodEventRepository.of({
    insert: Effect.fn("VodEventRepository.insert")(function*(event) {
      // on conflict do nothing keeps a surrounding transaction usable, unlike a caught unique violation.
      const rows = yield* Effect.orDie(sql`insert into vod_events ${
        sql.insert({
          key: event.key,
          videoId: event.videoId,
          eventType: event.eventType,
          eventTime: event.at,
          body: JSON.stringify(event.body),
          receivedAt: DateTime.toDateUtc(event.receivedAt),
          outcome: "pending"
        })
      } on conflict (key) do nothing returning key`)
      return rows.length > 0
    }),
    listByVideoId: Effect.fn("VodEventRepository.listByVideoId")(function*(videoId) {
      return yield* sql`select key, video_id, event_type, event_time::text as at, body::text as body, received_at
        from vod_events where video_id = ${videoId}`.pipe(Effect.flatMap(decodeRows), Effect.orDie)
    }),
    setOutcome: Effect.fn("VodEventRepository.setOutcome")(function*(keys, outcome) {
      if (keys.length === 0) return
      yield* Effect.orDie(sql`update vod_events set outcome = ${outcome}
        where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`)
    }),
    listLatest: Effect.fn("VodEventRepository.listLatest")(function*(videoId, limit) {
      return yield* sql`select key, video_id, event_type, event_time::text as at, body::text as body, received_at, outcome
        from vod_events where video_id = ${videoId}
        order by received_at desc, event_time desc, key desc limit ${limit}`.pipe(Effect.flatMap(decodeRecorded), Effect.orDie)
    })
  })
})

/** Media-cloud events in PostgreSQL (or PGlite), deduplicated by key. */
export const layer = Layer.effect(VodEventRepository, make)
