import { Either, Option, ParseResult, Schema } from "effect"
import type { CensorStatus, SnapshotStatus, Stream } from "./video.ts"
import { isWebUrl } from "./upload_rules.ts"

/** A media-cloud event reduced to what changes a video; `key` is its dedupe key, `at` its event time (epoch ms). */
export type VodEvent =
  | { readonly _tag: "Audit"; readonly videoId: string; readonly at: number; readonly key: string; readonly outcome: CensorStatus }
  | {
    readonly _tag: "Snapshot"
    readonly videoId: string
    readonly at: number
    readonly key: string
    readonly status: SnapshotStatus
    readonly coverUrl: string
    readonly firstFrameUrl: string
  }
  | {
    readonly _tag: "Transcode"
    readonly videoId: string
    readonly at: number
    readonly key: string
    /** The whole job's status, or undefined for one stream's event. */
    readonly job: "success" | "fail" | undefined
    readonly streams: ReadonlyArray<{ readonly definition: string } & Stream>
  }
  | { readonly _tag: "Analysis"; readonly videoId: string; readonly at: number; readonly key: string; readonly duration: number; readonly size: number }
  | { readonly _tag: "CloudDeleted"; readonly videoId: string; readonly at: number; readonly key: string }
  | { readonly _tag: "Other"; readonly eventType: string; readonly videoId: string; readonly at: number; readonly key: string }

const Num = Schema.Union(Schema.Number, Schema.NumberFromString)
const Status = Schema.optionalWith(Schema.String, { default: () => "fail" })
const Text = Schema.optionalWith(Schema.String, { default: () => "" })
// A URL that is not an http(s) URL (or is too long) is dropped rather than stored and shown to apps.
const Url = Schema.optionalWith(
  Schema.transform(Schema.String, Schema.String, { decode: (u) => (isWebUrl(u) ? u : ""), encode: (u) => u }),
  { default: () => "" }
)

const StreamInfo = Schema.Struct({ Status, Definition: Text, FileUrl: Url })
const Common = Schema.Struct({
  EventType: Schema.String,
  EventTime: Schema.String.pipe(Schema.filter((t) => !Number.isNaN(Date.parse(t)) || "EventTime must be a date")),
  VideoId: Schema.optional(Schema.String),
  MediaId: Schema.optional(Schema.String)
})
const AuditData = Schema.Struct({ Suggestion: Schema.optional(Schema.String) })
const AuditBody = Schema.Struct({
  Status,
  // Documented as a JSON string, sent as an object in samples: accept both.
  Data: Schema.optional(Schema.Union(AuditData, Schema.parseJson(AuditData)))
})
const SnapshotBody = Schema.Struct({
  Status,
  CoverUrl: Url,
  SnapshotInfos: Schema.optionalWith(Schema.Array(Schema.Struct({ SnapshotRegular: Url, Status })), { default: () => [] })
})
const StreamBody = Schema.Struct({ Status, Definition: Text, FileUrl: Url })
const TranscodeBody = Schema.Struct({ Status, StreamInfos: Schema.optionalWith(Schema.Array(StreamInfo), { default: () => [] }) })
const AnalysisBody = Schema.Struct({ Duration: Schema.optionalWith(Num, { default: () => 0 }), Size: Schema.optionalWith(Num, { default: () => 0 }) })

const ok = (s: string): "success" | "fail" => (s.toLowerCase() === "success" ? "success" : "fail")

const auditOutcome = (status: string, suggestion: string | undefined): CensorStatus => {
  if (ok(status) === "fail") return "fail"
  switch (suggestion?.toLowerCase()) {
    case "pass":
      return "success"
    case "review":
      return "check"
    default:
      return "fail"
  }
}

/** `SnapshotRegular` with its `{SnapshotCount}` placeholder replaced by a 5-digit index. */
export const snapshotUrl = (regular: string, index: number) =>
  regular.replace("{SnapshotCount}", String(index).padStart(5, "0"))

/**
 * Reads a callback body (already JSON-parsed) into a {@link VodEvent}. Fails for a body without EventType,
 * a valid EventTime or a video id; unknown event types become `Other`.
 */
export const parseVodEvent = (body: unknown, key: string): Either.Either<VodEvent, string> =>
  Either.gen(function*() {
    const decode = <A, I>(schema: Schema.Schema<A, I>) =>
      Either.mapLeft(Schema.decodeUnknownEither(schema)(body), (e) => ParseResult.TreeFormatter.formatErrorSync(e))
    const common = yield* decode(Common)
    const videoId = common.VideoId ?? common.MediaId
    if (videoId === undefined || videoId === "") return yield* Either.left("event names no VideoId or MediaId")
    const base = { videoId, at: Date.parse(common.EventTime), key }
    switch (common.EventType) {
      case "AIMediaAuditComplete":
      case "AIVideoCensorComplete": {
        const b = yield* decode(AuditBody)
        return { _tag: "Audit", ...base, outcome: auditOutcome(b.Status, b.Data?.Suggestion) } as const
      }
      case "SnapshotComplete": {
        const b = yield* decode(SnapshotBody)
        const regular = Option.fromNullable(b.SnapshotInfos.find((i) => i.SnapshotRegular !== "")?.SnapshotRegular)
        const firstFrame = Option.match(regular, { onNone: () => b.CoverUrl, onSome: (r) => snapshotUrl(r, 1) })
        const status = ok(b.Status)
        return { _tag: "Snapshot", ...base, status, coverUrl: b.CoverUrl || firstFrame, firstFrameUrl: firstFrame } as const
      }
      case "StreamTranscodeComplete": {
        const b = yield* decode(StreamBody)
        const stream = { definition: b.Definition, status: ok(b.Status), fileUrl: b.FileUrl }
        return { _tag: "Transcode", ...base, job: undefined, streams: [stream] } as const
      }
      case "TranscodeComplete": {
        const b = yield* decode(TranscodeBody)
        const streams = b.StreamInfos.map((s) => ({ definition: s.Definition, status: ok(s.Status), fileUrl: s.FileUrl }))
        return { _tag: "Transcode", ...base, job: ok(b.Status), streams } as const
      }
      case "VideoAnalysisComplete": {
        const b = yield* decode(AnalysisBody)
        return { _tag: "Analysis", ...base, duration: b.Duration, size: b.Size } as const
      }
      case "DeleteMediaComplete":
        return { _tag: "CloudDeleted", ...base } as const
      default:
        return { _tag: "Other", ...base, eventType: common.EventType } as const
    }
  })
