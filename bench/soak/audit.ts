import type { AppUser } from "./app_user.ts"
import { Phone } from "./client.ts"
import { countBy, readAll } from "./list_reader.ts"
import type { Ledger } from "./ledger.ts"
import { Rng } from "./random.ts"
import { Stats } from "./stats.ts"

/** The final audit's figures: what the lists show against what the server acknowledged. */
export interface AuditFigures {
  readonly acknowledgedPublishes: number
  readonly unknownPublishes: number
  readonly acknowledgedDeletes: number
  readonly unknownDeletes: number
  readonly usersAudited: number
  readonly personalItems: number
  readonly recommendItems: number
  /** Acknowledged publishes (not deleted) missing from their owner's list. */
  readonly lostWrites: number
  /** Acknowledged deletes still listed (personal list or feed). */
  readonly resurrectedDeletes: number
  /** Items of another user in a personal list, or feed items credited to the wrong user. */
  readonly crossUserItems: number
  /** Extra copies of a video within one list (personal lists and the feed). */
  readonly duplicates: number
  /** Listed videos whose publish was refused or never sent. */
  readonly phantomItems: number
  /** Unknown-outcome publishes that turned out to be applied (listed once): informative. */
  readonly unknownApplied: number
  /** Personal lists whose `total` differs from the items paged through: informative. */
  readonly totalMismatches: number
  /** List pages the audit could not read (after retries); those lists are not judged. */
  readonly auditErrors: number
  readonly samples: ReadonlyArray<string>
}

/**
 * After the load: every acknowledged publish is listed exactly once in its owner's list unless acknowledged-deleted,
 * every acknowledged delete is gone from both lists, an unknown-outcome publish is listed at most once, no list holds
 * another user's item, the feed holds no duplicates.
 */
export const audit = async (baseUrl: string, users: ReadonlyArray<AppUser>, ledger: Ledger, timeoutMs: number): Promise<AuditFigures> => {
  const phone = new Phone(baseUrl, new Rng(0), new Stats(), { abortRate: 0, timeoutMs: Math.max(timeoutMs, 15_000), connections: 2 })
  const samples: Array<string> = []
  const note = (line: string) => samples.length < 12 && samples.push(line)
  let personalItems = 0, lostWrites = 0, crossUserItems = 0, duplicates = 0, phantomItems = 0, unknownApplied = 0
  let totalMismatches = 0, auditErrors = 0, usersAudited = 0
  const resurrected = new Set<string>()
  try {
    const signedIn = users.flatMap((u) => (u.session === undefined ? [] : [u.session]))
    for (const session of signedIn) {
      const list = await readAll(phone, "/vod/getPersonalVideoList", session.token)
      if (list === undefined) {
        auditErrors++
        note(`could not read user ${session.userId}'s list`)
        continue
      }
      usersAudited++
      personalItems += list.items.length
      if (list.total !== list.items.length) totalMismatches++
      const counts = countBy(list.items)
      for (const item of list.items) {
        const owner = ledger.ownerOf(item.videoId)
        if (item.userId !== session.userId || (owner !== undefined && owner !== session.userId)) {
          crossUserItems++
          note(`user ${session.userId}'s list holds ${item.videoId} of user ${owner ?? item.userId}`)
        }
      }
      for (const [videoId, n] of counts) {
        if (n > 1) {
          duplicates += n - 1
          note(`user ${session.userId}'s list holds ${videoId} ${n} times`)
        }
      }
      for (const entry of ledger.videos.values()) {
        if (entry.owner !== session.userId) continue
        const n = counts.get(entry.videoId) ?? 0
        if (entry.delete === "acked") {
          if (n > 0 && !resurrected.has(entry.videoId)) {
            resurrected.add(entry.videoId)
            note(`deleted ${entry.videoId} is back in user ${session.userId}'s list`)
          }
        } else if (entry.publish === "acked") {
          if (n === 0 && entry.delete !== "unknown") {
            lostWrites++
            note(`acknowledged publish ${entry.videoId} of user ${session.userId} is not listed`)
          }
        } else if (entry.publish === "unknown") {
          if (n > 0) unknownApplied++
        } else if (n > 0) {
          phantomItems++
          note(`${entry.videoId} (publish ${entry.publish}) is listed for user ${session.userId}`)
        }
      }
    }
    let recommendItems = 0
    const reader = signedIn[0]
    if (reader !== undefined) {
      const feed = await readAll(phone, "/vod/getRecommendVideoList", reader.token)
      if (feed === undefined) {
        auditErrors++
        note("could not read the recommend list")
      } else {
        recommendItems = feed.items.length
        for (const [videoId, n] of countBy(feed.items)) {
          if (n > 1) {
            duplicates += n - 1
            note(`the feed holds ${videoId} ${n} times`)
          }
        }
        for (const item of feed.items) {
          const entry = ledger.videos.get(item.videoId)
          if (entry === undefined) continue
          if (entry.owner !== item.userId) {
            crossUserItems++
            note(`the feed credits ${item.videoId} of user ${entry.owner} to user ${String(item.userId)}`)
          }
          if (entry.delete === "acked" && !resurrected.has(item.videoId)) {
            resurrected.add(item.videoId)
            note(`deleted ${item.videoId} is back in the feed`)
          }
        }
      }
    }
    return {
      acknowledgedPublishes: ledger.count((v) => v.publish === "acked"),
      unknownPublishes: ledger.count((v) => v.publish === "unknown"),
      acknowledgedDeletes: ledger.count((v) => v.delete === "acked"),
      unknownDeletes: ledger.count((v) => v.delete === "unknown"),
      usersAudited, personalItems, recommendItems, lostWrites, resurrectedDeletes: resurrected.size, crossUserItems,
      duplicates, phantomItems, unknownApplied, totalMismatches, auditErrors, samples
    }
  } finally {
    await phone.close()
  }
}
