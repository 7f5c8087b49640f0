import { createHash } from "node:crypto"

/** Where and how to sign VOD event callbacks (docs/reference/aliyun.md §7). */
export interface CallbackTarget {
  /** The path to POST to on the server under test. */
  readonly path: string
  /** The URL the server signs over (its configured callback URL). */
  readonly signedUrl: string
  /** The server's QU_CALLBACK_KEY; unsigned callbacks when undefined. */
  readonly key: string | undefined
}

/** X-VOD-TIMESTAMP / X-VOD-SIGNATURE = md5 of `url|timestamp|key`, as VOD sends them. */
export const signatureHeaders = (target: CallbackTarget, nowMs: number): Record<string, string> => {
  if (target.key === undefined) return {}
  const timestamp = String(Math.floor(nowMs / 1000))
  const signature = createHash("md5").update(`${target.signedUrl}|${timestamp}|${target.key}`, "utf8").digest("hex")
  return { "x-vod-timestamp": timestamp, "x-vod-signature": signature }
}

const eventTime = (nowMs: number) => new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, "Z")

/** An AIMediaAuditComplete event whose suggestion is pass (the video then shows in the feed). */
export const auditPassEvent = (videoId: string, nowMs: number) => ({
  EventType: "AIMediaAuditComplete",
  EventTime: eventTime(nowMs),
  MediaId: videoId,
  JobId: `soak-audit-${videoId}`,
  Status: "success",
  Data: { Suggestion: "pass", Label: "normal" }
})

/** A SnapshotComplete event giving the video a cover and first frame. */
export const snapshotEvent = (videoId: string, nowMs: number) => ({
  EventType: "SnapshotComplete",
  EventTime: eventTime(nowMs),
  VideoId: videoId,
  Status: "success",
  CoverUrl: `https://cdn.soak.test/${videoId}/cover.jpg`,
  SnapshotInfos: [{
    Status: "success",
    SnapshotType: "CoverSnapshot",
    SnapshotCount: 1,
    SnapshotFormat: "jpg",
    SnapshotRegular: `https://cdn.soak.test/${videoId}/snap-{SnapshotCount}.jpg`,
    JobId: `soak-snap-${videoId}`
  }]
})
