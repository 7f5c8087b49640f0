/** What the soak knows of a write: acknowledged, refused, or sent without a readable outcome. */
export type WriteState = "none" | "acked" | "refused" | "unknown"

/** One video issued to a simulated user, and what became of its publish and delete. */
export interface VideoEntry {
  readonly videoId: string
  readonly owner: string
  uploaded: boolean
  publish: WriteState
  delete: WriteState
}

/** Bookkeeping of every video the soak was issued, for the live checks and the final audit. */
export class Ledger {
  readonly videos = new Map<string, VideoEntry>()

  issued(videoId: string, owner: string): VideoEntry {
    const entry: VideoEntry = { videoId, owner, uploaded: false, publish: "none", delete: "none" }
    this.videos.set(videoId, entry)
    return entry
  }

  ownerOf(videoId: string): string | undefined {
    return this.videos.get(videoId)?.owner
  }

  /** Records a write's outcome; an acknowledgement is never downgraded by a later unknown attempt. */
  static settle(current: WriteState, next: WriteState): WriteState {
    if (current === "acked") return "acked"
    if (current === "unknown" && next === "refused") return "unknown"
    return next
  }

  count(predicate: (entry: VideoEntry) => boolean): number {
    let n = 0
    for (const entry of this.videos.values()) if (predicate(entry)) n++
    return n
  }
}
