import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import type { MediaState } from "../../core/domain/video.ts"
import { applyEvent, fileUrl, initialMedia, narrowTranscodeStatus, transcodeStatus } from "../../core/domain/video_state.ts"
import { parseVodEvent, type VodEvent } from "../../core/domain/vod_event.ts"

const VIDEO = "0123456789abcdef0123456789abcdef"
const time = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s)).toISOString().replace(/\.\d{3}Z$/, "Z")

const parse = (body: Record<string, unknown>, key = "k") => {
  const event = parseVodEvent(body, key)
  if (Either.isLeft(event)) throw new Error(event.left)
  return event.right
}

/** Callback bodies of every kind, with event times in a narrow window so ties happen. */
const body = fc.oneof(
  fc.record({
    EventType: fc.constantFrom("AIMediaAuditComplete", "AIVideoCensorComplete"),
    MediaId: fc.constant(VIDEO),
    Status: fc.constantFrom("success", "fail"),
    Data: fc.constantFrom("pass", "review", "block").chain((s) =>
      fc.constantFrom<unknown>({ Suggestion: s }, JSON.stringify({ Suggestion: s }))
    )
  }),
  fc.record({
    EventType: fc.constant("SnapshotComplete"),
    VideoId: fc.constant(VIDEO),
    Status: fc.constantFrom("success", "fail"),
    CoverUrl: fc.constantFrom("", "https://cdn.test/cover.jpg"),
    SnapshotInfos: fc.constant([{ SnapshotRegular: "https://cdn.test/snap-{SnapshotCount}.jpg", Status: "success" }])
  }),
  fc.record({
    EventType: fc.constant("StreamTranscodeComplete"),
    VideoId: fc.constant(VIDEO),
    Status: fc.constantFrom("success", "fail"),
    Definition: fc.constantFrom("FD", "LD", "SD", "HD", "SD-NBV1"),
    FileUrl: fc.constantFrom("https://cdn.test/a.mp4", "https://cdn.test/b.mp4")
  }),
  fc.record({
    EventType: fc.constant("TranscodeComplete"),
    VideoId: fc.constant(VIDEO),
    Status: fc.constantFrom("success", "fail"),
    StreamInfos: fc.array(fc.record({
      Status: fc.constantFrom("success", "fail"),
      Definition: fc.constantFrom("LD", "HD"),
      FileUrl: fc.constant("https://cdn.test/t.mp4")
    }), { maxLength: 2 })
  }),
  fc.record({ EventType: fc.constant("VideoAnalysisComplete"), VideoId: fc.constant(VIDEO), Duration: fc.constantFrom(3.2, "7.9") }),
  fc.record({ EventType: fc.constantFrom("FileUploadComplete", "DeleteMediaComplete", "SomethingNew"), VideoId: fc.constant(VIDEO) })
).chain((b) => fc.integer({ min: 0, max: 5 }).map((s) => ({ ...b, EventTime: time(s) })))

/** Distinct events (the dedupe key is the index, as a digest of distinct bodies would be). */
const events = fc.array(body, { maxLength: 12 }).map((bodies) => bodies.map((b, i) => parse(b, `key-${String(i).padStart(2, "0")}`)))

const fold = (list: ReadonlyArray<VodEvent>, start: MediaState = initialMedia("hold")) => list.reduce(applyEvent, start)
const byTime = (list: ReadonlyArray<VodEvent>) => [...list].sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1))

describe("applyEvent()", () => {
  it.prop(
    "any permutation of a set of events, with any duplicates, ends where event-time order ends",
    { list: events, seed: fc.integer(), dupes: fc.array(fc.nat(), { maxLength: 6 }) },
    ({ dupes, list, seed }) => {
      const withDupes = [...list, ...dupes.flatMap((d) => (list.length > 0 ? [list[d % list.length]!] : []))]
      const shuffled = fc.sample(fc.shuffledSubarray(withDupes, { minLength: withDupes.length }), { seed, numRuns: 1 })[0]!
      expect(fold(shuffled)).toEqual(fold(byTime(list)))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop("an event older than the one that set a status never changes it", { list: events }, ({ list }) => {
    const state = fold(byTime(list))
    for (const event of list) {
      const older = { ...event, at: event.at - 10_000 }
      expect(applyEvent(state, older)).toEqual(state)
    }
  })

  it("maps audits: pass → success, review → check, block → fail, a failed audit → fail; newer re-audit wins", () => {
    const audit = (suggestion: string, s: number, status = "success") =>
      parse({ EventType: "AIMediaAuditComplete", MediaId: VIDEO, EventTime: time(s), Status: status, Data: { Suggestion: suggestion } }, `a${s}`)
    expect(fold([audit("pass", 1)]).censor.value).toBe("success")
    expect(fold([audit("review", 1)]).censor.value).toBe("check")
    expect(fold([audit("block", 1)]).censor.value).toBe("fail")
    expect(fold([audit("pass", 1, "fail")]).censor.value).toBe("fail")
    expect(fold([audit("pass", 1), audit("block", 2)]).censor.value).toBe("fail")
    expect(fold([audit("block", 2), audit("pass", 1)]).censor.value).toBe("fail")
    const legacy = parse({ EventType: "AIVideoCensorComplete", MediaId: VIDEO, EventTime: time(3), Status: "success", Data: "{\"Suggestion\":\"review\"}" })
    expect(fold([legacy]).censor.value).toBe("check")
  })

  it("takes the cover from CoverUrl, else the first snapshot with a 5-digit index", () => {
    const snap = (cover: string) =>
      parse({
        EventType: "SnapshotComplete",
        VideoId: VIDEO,
        EventTime: time(1),
        Status: "success",
        CoverUrl: cover,
        SnapshotInfos: [{ SnapshotRegular: "https://cdn.test/s/x-{SnapshotCount}.jpg" }]
      })
    expect(fold([snap("")]).snapshot.value).toEqual({
      status: "success",
      coverUrl: "https://cdn.test/s/x-00001.jpg",
      firstFrameUrl: "https://cdn.test/s/x-00001.jpg"
    })
    expect(fold([snap("https://cdn.test/c.jpg")]).snapshot.value.coverUrl).toBe("https://cdn.test/c.jpg")
  })

  it("prefers the best successful definition, and keeps narrowband apart", () => {
    const stream = (definition: string, status: string, s: number) =>
      parse({ EventType: "StreamTranscodeComplete", VideoId: VIDEO, EventTime: time(s), Status: status, Definition: definition, FileUrl: `https://cdn.test/${definition}.mp4` }, `${definition}${s}`)
    const state = fold([stream("LD", "success", 1), stream("HD", "success", 2), stream("SD", "fail", 3), stream("SD-NBV1", "success", 4)])
    expect(fileUrl(state)).toBe("https://cdn.test/HD.mp4")
    expect(transcodeStatus(state)).toBe("success")
    expect(narrowTranscodeStatus(state)).toBe("success")
    expect(transcodeStatus(fold([stream("LD", "fail", 1)]))).toBe("fail")
    expect(transcodeStatus(initialMedia("off"))).toBe("onTranscode")
    expect(narrowTranscodeStatus(initialMedia("off"))).toBe("")
  })

  it("rejects bodies that are not events, and keeps unknown event types as Other", () => {
    expect(Either.isLeft(parseVodEvent({ VideoId: VIDEO }, "k"))).toBe(true)
    expect(Either.isLeft(parseVodEvent({ EventType: "SnapshotComplete", EventTime: "yesterday", VideoId: VIDEO }, "k"))).toBe(true)
    expect(Either.isLeft(parseVodEvent({ EventType: "SnapshotComplete", EventTime: time(1) }, "k"))).toBe(true)
    expect(parse({ EventType: "BrandNew", EventTime: time(1), VideoId: VIDEO })._tag).toBe("Other")
  })
})
