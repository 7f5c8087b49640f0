import { expect, it } from "@effect/vitest"
import { DateTime, FastCheck as fc, Option } from "effect"
import { floatJson, pageJson, pageText } from "../../adapters/http/wire/video_wire.ts"
import type { VideoId } from "../../core/domain/media.ts"
import type { UserId } from "../../core/domain/user.ts"
import type { MediaState, VideoView } from "../../core/domain/video.ts"
import { initialMedia } from "../../core/domain/video_state.ts"
import type { Page } from "../../core/ports/video_repository.ts"

// Any text: lone surrogates, control characters, quotes and backslashes included.
const text = fc.string({ unit: "binary", maxLength: 12 })
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e7, max: 1e12 })
const versioned = <A>(value: fc.Arbitrary<A>) => fc.record({ value, at: fc.integer(), key: text })
const media: fc.Arbitrary<MediaState> = fc.record({
  censor: versioned(fc.constantFrom("onCensor", "check", "success", "fail" as const)),
  snapshot: versioned(fc.record({ status: fc.constantFrom("", "onSnapshot", "success", "fail" as const), coverUrl: text, firstFrameUrl: text })),
  transcodeJob: versioned(fc.constantFrom("", "onTranscode", "success", "fail" as const)),
  streams: fc.dictionary(
    fc.constantFrom("FD", "LD", "SD", "HD", "SD-NBV1", "HD_custom", "OD"),
    versioned(fc.record({ status: fc.constantFrom("success", "fail" as const), fileUrl: text }))
  ),
  analysis: versioned(fc.record({ duration: finite, size: finite })),
  cloudDeleted: versioned(fc.boolean())
}).map((m) => ({ ...initialMedia("hold"), ...m }) as MediaState)
const view: fc.Arbitrary<VideoView> = fc.record({
  id: fc.integer({ min: 1, max: 2_147_483_647 }),
  videoId: text,
  ownerId: fc.integer({ min: 1 }).map(String),
  title: text,
  description: text,
  duration: finite,
  coverUrl: text,
  size: finite,
  cateId: fc.integer({ min: 0, max: 2_147_483_647 }),
  cateName: text,
  tags: text,
  media,
  createdAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  nickname: text,
  avatarUrl: text
}).map((v) => ({
  video: {
    id: v.id,
    videoId: v.videoId as VideoId,
    ownerId: v.ownerId as UserId,
    metadata: { title: v.title, description: v.description, duration: v.duration, coverUrl: v.coverUrl, size: v.size, cateId: v.cateId, cateName: v.cateName, tags: v.tags },
    media: v.media,
    createdAt: DateTime.unsafeMake(v.createdAt),
    deletedAt: Option.none()
  },
  author: { userId: v.ownerId as UserId, nickname: v.nickname, avatarUrl: v.avatarUrl }
}))
const zones = ["Asia/Shanghai", "America/New_York", "UTC"].map((z) => DateTime.zoneUnsafeMakeNamed(z))

it.prop(
  "pageText() writes exactly what JSON.stringify writes for the page objects, durations as floats",
  [fc.record({ total: fc.nat(), items: fc.array(view, { maxLength: 4 }) }), fc.constantFrom(...zones)],
  ([page, zone]: [Page, DateTime.TimeZone]) => {
    expect(pageText(page, zone)).toBe(floatJson(pageJson(page, zone)))
  },
  { fastCheck: { numRuns: 2_000 } }
)
