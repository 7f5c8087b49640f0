import { Either, Option } from "effect"
import type { CensorStatus, MediaState, Video } from "./video.ts"
import { applyEvent, reopenModeration } from "./video_state.ts"

/** What an administrator may do to a video's moderation: pass it, fail it, or send it to the audit again. */
export type ModerationAction = "approve" | "block" | "reaudit"

/** The censor status each decision sets (the ones an audit callback sets: success, fail, and onCensor on re-upload). */
const outcomeOf: Record<ModerationAction, CensorStatus> = { approve: "success", block: "fail", reaudit: "onCensor" }

/**
 * The media state after an administrator's decision taken at `at` (epoch ms), or why it is refused. A decision is
 * the event a callback would bring — an audit outcome, or a re-upload's reopening — dated after every value it
 * replaces, so a late callback older than the decision cannot undo it, while a newer audit (the re-audit's) can.
 * Refused: any decision on a deleted video, a re-audit of media the cloud deleted.
 */
export const moderate = (
  video: Video,
  action: ModerationAction,
  at: number,
  key: string
): Either.Either<MediaState, string> => {
  if (Option.isSome(video.deletedAt)) return Either.left(`Cannot ${action} video: it is deleted`)
  if (action === "reaudit" && video.media.cloudDeleted.value) {
    return Either.left("Cannot reaudit video: its media was deleted in the cloud")
  }
  const when = Math.max(at, video.media.censor.at + 1)
  if (action === "reaudit") return Either.right(reopenModeration(video.media, when, key))
  return Either.right(applyEvent(video.media, { _tag: "Audit", videoId: video.videoId, at: when, key, outcome: outcomeOf[action] }))
}

/** The censor status a decision leaves. */
export const censorAfter = (action: ModerationAction): CensorStatus => outcomeOf[action]
