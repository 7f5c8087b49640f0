import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, TestClock } from "effect"
import { coreTestLayer } from "../../composition/test_core.ts"
import { formatIsoSeconds } from "../../core/domain/time.ts"
import { receiveVodEvent } from "../../core/use_cases/videos/receive_vod_event.ts"

const NOW = DateTime.unsafeMake("2030-01-01T00:00:00Z")

const eventAt = (secondsFromNow: number) => ({
  key: `k-${secondsFromNow}`,
  body: {
    EventType: "SnapshotComplete",
    VideoId: "0123456789abcdef0123456789abcdef",
    Status: "success",
    CoverUrl: "https://cdn.test/cover.jpg",
    EventTime: formatIsoSeconds(DateTime.add(NOW, { seconds: secondsFromNow }))
  }
})

describe("receiveVodEvent and EventTime", () => {
  it.effect("refuses an event dated more than 5 minutes ahead, so it cannot outrank later real events for ever", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(DateTime.toEpochMillis(NOW))
      const refused = yield* Effect.flip(receiveVodEvent(eventAt(5 * 60 + 1)))
      expect(refused).toMatchObject({ _tag: "ValidationError", parameter: "EventTime" })
      expect(yield* receiveVodEvent(eventAt(5 * 60))).toBe("stored")
      expect(yield* receiveVodEvent(eventAt(-86_400))).toBe("stored")
    }).pipe(Effect.provide(coreTestLayer)))
})
