import { Effect, Option } from "effect"
import { ValidationError } from "../../domain/errors.ts"
import type { UserId } from "../../domain/user.ts"
import type { Video } from "../../domain/video.ts"
import { type AdminVideoState, VideoRepository } from "../../ports/video_repository.ts"
import { checkLimit, MAX_ADMIN_PAGE } from "./page_limit.ts"

/** Input of {@link listVideos}: filters (absent ones keep every video) and a keyset page. */
export interface AdminVideoListInput {
  readonly state: Option.Option<AdminVideoState>
  readonly ownerId: Option.Option<UserId>
  readonly titleContains: Option.Option<string>
  /** Only videos with an id below this one (the `next` of the previous page). */
  readonly before: Option.Option<number>
  readonly limit: number
}

/** A page of the admin video list, and the cursor of the next page (none after the last). */
export interface AdminVideoPage {
  readonly items: ReadonlyArray<Video>
  readonly next: Option.Option<number>
}

/**
 * Every published video, deleted ones included, newest first: filtered by state (a moderation status of videos not
 * deleted, or `deleted`), owner and a case-sensitive title substring; paged by keyset (`before` = the last id seen).
 */
export const listVideos = Effect.fn("admin.listVideos")(function*(input: AdminVideoListInput) {
  const limit = yield* checkLimit("limit", input.limit, MAX_ADMIN_PAGE)
  if (Option.exists(input.titleContains, (t) => t.length > 128)) {
    return yield* new ValidationError({ parameter: "title", message: "title must be at most 128 characters" })
  }
  const titleContains = Option.filter(input.titleContains, (t) => t !== "")
  const items = yield* (yield* VideoRepository).listForAdmin(
    { state: input.state, ownerId: input.ownerId, titleContains },
    { before: input.before, limit }
  )
  const next = items.length === limit ? Option.fromNullable(items.at(-1)?.id) : Option.none()
  return { items, next } satisfies AdminVideoPage
})
