import { type DateTime, Option } from "effect"
import { formatIsoSeconds } from "../../core/domain/time.ts"
import type { PendingJob } from "./media_records.ts"

/** Where a simulated event points: the uploaded file and the placeholder cover. */
export interface SimulatedMedia {
  readonly fileUrl: string
  readonly format: string
  readonly coverUrl: string
}


/**
 * The callback bodies Alibaba Cloud would send for a finished job, in its real shapes (docs/reference/aliyun.md §7), so the local
 * emulator drives the same event pipeline. The first job of a video also brings the upload and the transcode that a
 * VOD template group runs by itself after upload; the upload event is dated when the file was written, as VOD dates
 * it (a later date would read as a new upload after publication, which reopens moderation).
 */
export const simulatedEvents = (job: PendingJob, media: SimulatedMedia, at: DateTime.Utc) => {
  const common = { VideoId: job.videoId, EventTime: formatIsoSeconds(at), Status: "success" }
  const transcode = { ...common, EventType: "StreamTranscodeComplete", Definition: "OD", Format: media.format, FileUrl: media.fileUrl }
  const uploadedAt = formatIsoSeconds(Option.getOrElse(job.uploadedAt, () => at))
  const bodies: Array<Record<string, unknown>> = job.first
    ? [{ ...common, EventTime: uploadedAt, EventType: "FileUploadComplete", FileUrl: media.fileUrl }, transcode]
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
