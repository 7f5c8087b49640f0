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

/** Every event the cloud delivered, kept so events about unpublished videos apply when they are published. */
export class VodEventRepository extends Context.Tag("core/VodEventRepository")<VodEventRepository, {
  /** Stores an event; false (and no change) when its key was stored before. */
  readonly insert: (event: StoredEvent) => Effect.Effect<boolean>
  /** Every stored event about a video, in no particular order. */
  readonly listByVideoId: (videoId: string) => Effect.Effect<ReadonlyArray<StoredEvent>>
}>() {}
