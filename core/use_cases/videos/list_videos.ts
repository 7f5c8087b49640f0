import { Effect, type Option } from "effect"
import type { User } from "../../domain/user.ts"
import { checkPage } from "../../domain/video_rules.ts"
import { VideoRepository } from "../../ports/video_repository.ts"
import { VideoSettings } from "../../ports/video_settings.ts"

/** Which page the app asked for: both paging styles of the contract (pageIndex alone, or with the last id seen). */
export interface ListInput {
  readonly pageIndex: number
  readonly pageSize: number
  readonly before: Option.Option<number>
}

/** The public feed, newest first: published, not deleted, and passed moderation (or not failed it, when off). */
export const listRecommendedVideos = Effect.fn("listRecommendedVideos")(function*(input: ListInput) {
  const { moderation } = yield* VideoSettings
  const page = yield* checkPage(input.pageIndex, input.pageSize)
  return yield* (yield* VideoRepository).listRecommended(moderation, { ...page, before: input.before })
})

/** The caller's own videos in every state, newest first. */
export const listPersonalVideos = Effect.fn("listPersonalVideos")(function*(caller: User, input: ListInput) {
  const page = yield* checkPage(input.pageIndex, input.pageSize)
  return yield* (yield* VideoRepository).listByOwner(caller.userId, { ...page, before: input.before })
})

