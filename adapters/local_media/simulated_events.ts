import type { DateTime } from "effect"
import { formatIsoSeconds } from "../../core/domain/time.ts"
import type { LocalJob } from "./media_records.ts"

/** Where a simulated event points: the uploaded file and the placeholder cover. */
export interface SimulatedMedia {
  readonly fileUrl: string
  readonly format: string
  readonly coverUrl: string
}


/**
 * The callback bodies Alibaba Cloud would send for a finished job, in its real shapes (aliyun.md §7), so the local
 * emulator drives the same event pipeline. The first job of a video also brings the upload and the transcode that a
 * VOD template group runs by itself after upload.
 */
export const simulatedEvents = (job: LocalJob, media: SimulatedMedia, at: DateTime.Utc, first: boolean) => {
  const common = { VideoId: job.videoId, EventTime: formatIsoSeconds(at), Status: "success" }
  const transcode = { ...common, EventType: "StreamTranscodeComplete", Definition: "OD", Format: media.format, FileUrl: media.fileUrl }
  const bodies: Array<Record<string, unknown>> = first
    ? [{ ...common, EventType: "FileUploadComplete", FileUrl: media.fileUrl }, transcode]
    : []
  switch (job.kind) {
    case "snapshot":
      bodies.push({
        ...common,
        EventType: "SnapshotComplete",
        CoverUrl: media.coverUrl,
        SnapshotInfos: [{ Status: "success", SnapshotType: "NormalSnapshot", SnapshotCount: 1, SnapshotRegular: media.coverUrl, JobId: job.jobId }]
      })
      break
    case "audit":
      bodies.push({
        EventType: "AIMediaAuditComplete",
        EventTime: common.EventTime,
        MediaId: job.videoId,
        JobId: job.jobId,
        Status: "success",
        Data: { Suggestion: "pass", AbnormalModules: "", Label: "normal" }
      })
      break
    case "transcode":
      bodies.push(transcode)
      break
  }
  return bodies
}

/** A 64×36 solid grey PNG: the cover every locally processed video gets (there is no thumbnailer offline). */
export const PLACEHOLDER_COVER_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAkCAIAAAC2bqvFAAAAO0lEQVR42u3PQQkAAAgEsCvpxwD2j2AGn8JgBZbqeS0CAgICAgICAgICAgICAgICAgICAgICAgICAjcLCta9iFvFjPIAAAAASUVORK5CYII=",
  "base64"
)
