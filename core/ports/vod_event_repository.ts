import type { DateTime, Effect } from "effect"
import { Context } from "effect"

/** A media-cloud event as received: its dedupe key, the video it is about, and its body (parsed JSON). */
export interface StoredEvent {
  readonly key: string
  readonly videoId: string
  readonly eventType: string
  /** Event time, epoch milliseconds. */
  readonly at: number
  readonly body: unknown
  readonly receivedAt: DateTime.Utc
}

/**
 * What an event did: `pending` (its video was not published yet: the publish applies it), `applied` (it changed the
 * video), `unchanged` (older than what the video holds, or of a kind that changes nothing), `reaudit` (a new upload
 * that sent the video to the audit again), `unknown` (stored before outcomes were recorded).
 */
export type EventOutcome = "pending" | "applied" | "unchanged" | "reaudit" | "unknown"

/** A stored event with its outcome. */
export interface RecordedEvent extends StoredEvent {
  readonly outcome: EventOutcome
}

/** Every event the cloud delivered, kept so events about unpublished videos apply when they are published. */
export class VodEventRepository extends Context.Tag("core/VodEventRepository")<VodEventRepository, {
  /** Stores an event (outcome `pending`); false (and no change) when its key was stored before. */
  readonly insert: (event: StoredEvent) => Effect.Effect<boolean>
  /** Every stored event about a video, in no particular order. */
  readonly listByVideoId: (videoId: string) => Effect.Effect<ReadonlyArray<StoredEvent>>
  /** Records what the events with these keys did. */
  readonly setOutcome: (keys: ReadonlyArray<string>, outcome: EventOutcome) => Effect.Effect<void>
  /** The last `limit` events received about a video, newest first (by receipt, then event time, then key). */
  readonly listLatest: (videoId: string, limit: number) => Effect.Effect<ReadonlyArray<RecordedEvent>>
}>() {}
