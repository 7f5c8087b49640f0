import type {
  CensorStatus, MediaState, ModerationMode, SnapshotStatus, Stream, TranscodeStatus, Versioned, Video
} from "./video.ts"
import type { VodEvent } from "./vod_event.ts"

/** The `at` of values set at publish: older than any event. */
export const INITIAL_AT = -1

const initial = <A>(value: A): Versioned<A> => ({ value, at: INITIAL_AT, key: "" })

/** The media state of a video just published: waiting for moderation (or not), snapshots and transcoding. */
export const initialMedia = (moderation: ModerationMode): MediaState => ({
  censor: initial<CensorStatus>(moderation === "hold" ? "onCensor" : "success"),
  snapshot: initial({ status: "onSnapshot" as SnapshotStatus, coverUrl: "", firstFrameUrl: "" }),
  transcodeJob: initial<TranscodeStatus>("onTranscode"),
  streams: {},
  analysis: initial({ duration: 0, size: 0 }),
  cloudDeleted: initial(false)
})

/** The newer of two versioned values (by event time, then key): commutative, associative and idempotent. */
export const newer = <A>(current: Versioned<A>, candidate: Versioned<A>): Versioned<A> =>
  candidate.at > current.at || (candidate.at === current.at && candidate.key > current.key) ? candidate : current

/**
 * Applies one event. Each dimension keeps the newest value by event time, so applying any permutation of a set of
 * events, with any duplicates, ends in the same state, and an older event never moves a status backwards.
 */
export const applyEvent = (state: MediaState, event: VodEvent): MediaState => {
  const v = <A>(value: A): Versioned<A> => ({ value, at: event.at, key: event.key })
  switch (event._tag) {
    case "Audit":
      return { ...state, censor: newer(state.censor, v(event.outcome)) }
    case "Snapshot":
      return {
        ...state,
        snapshot: newer(state.snapshot, v({ status: event.status, coverUrl: event.coverUrl, firstFrameUrl: event.firstFrameUrl }))
      }
    case "Transcode": {
      const streams = { ...state.streams }
      for (const { definition, ...stream } of event.streams) {
        const existing = streams[definition]
        streams[definition] = existing === undefined ? v<Stream>(stream) : newer(existing, v<Stream>(stream))
      }
      const transcodeJob = event.job === undefined ? state.transcodeJob : newer(state.transcodeJob, v<TranscodeStatus>(event.job))
      return { ...state, streams, transcodeJob }
    }
    case "Analysis":
      return { ...state, analysis: newer(state.analysis, v({ duration: event.duration, size: event.size })) }
    case "CloudDeleted":
      return { ...state, cloudDeleted: newer(state.cloudDeleted, v(true)) }
    case "Other":
      return state
  }
}

/**
 * A new file was uploaded at `at`, after publication and after the last audit: what moderation judged is gone, so it
 * starts again ("onCensor": `hold` hides the video until the new audit passes, `off` keeps showing it unless it fails).
 */
export const reopenModeration = (state: MediaState, at: number, key: string): MediaState => ({
  ...state,
  censor: newer(state.censor, { value: "onCensor", at, key })
})

/** Definitions from best to worst; unknown ones rank last. */
const DEFINITIONS = ["8K", "4K", "2K", "OD", "HQ", "FHD", "HD", "SD", "LD", "FD"]
const rank = (definition: string) => {
  const i = DEFINITIONS.indexOf(definition.toUpperCase().replace(/-NB.*$/, ""))
  return i === -1 ? DEFINITIONS.length : i
}
// Narrowband HD renditions carry a -NBV1/-NBV2 suffix.
const isNarrow = (definition: string) => /-NB/i.test(definition)

const streamsOf = (state: MediaState, narrow: boolean) =>
  Object.entries(state.streams)
    .filter(([definition]) => isNarrow(definition) === narrow)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => s.value)

/** The transcode status the apps see: success as soon as one normal stream succeeded. */
export const transcodeStatus = (state: MediaState): TranscodeStatus => {
  const streams = streamsOf(state, false)
  if (streams.some((s) => s.status === "success")) return "success"
  if (state.transcodeJob.at !== INITIAL_AT) return state.transcodeJob.value
  return streams.length > 0 ? "fail" : state.transcodeJob.value
}

/** The narrowband transcode status: "" until a narrowband stream reports. */
export const narrowTranscodeStatus = (state: MediaState): TranscodeStatus => {
  const streams = streamsOf(state, true)
  if (streams.length === 0) return ""
  return streams.some((s) => s.status === "success") ? "success" : "fail"
}

/** The playable URL: the best successful normal rendition, else the best narrowband one, else "". */
export const fileUrl = (state: MediaState): string =>
  [...streamsOf(state, false), ...streamsOf(state, true)].find((s) => s.status === "success")?.fileUrl ?? ""

/** The cover a list shows: the one published, else the cloud's snapshot. */
export const displayCover = (video: Video): string => video.metadata.coverUrl || video.media.snapshot.value.coverUrl

/** The duration a list shows, in seconds: the one published, else what the cloud's analysis found. */
export const displayDuration = (video: Video): number =>
  video.metadata.duration > 0 ? video.metadata.duration : video.media.analysis.value.duration
