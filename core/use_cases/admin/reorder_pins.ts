import { Effect } from "effect"
import { ValidationError } from "../../domain/errors.ts"
import type { VideoId } from "../../domain/media.ts"
import { Transactor } from "../../ports/transactor.ts"
import { VideoRepository } from "../../ports/video_repository.ts"

/**
 * Orders the pinned videos: `videoIds` lists every pinned video once, in the order the recommend list will show
 * them; anything else (a missing, extra or repeated id) is a ValidationError naming `videoIds`. Returns the pins.
 */
export const reorderPins = Effect.fn("admin.reorderPins")(function*(videoIds: ReadonlyArray<VideoId>) {
  const videos = yield* VideoRepository
  const transactor = yield* Transactor
  return yield* transactor.withTransaction(Effect.gen(function*() {
    const pins = yield* videos.listPins
    const given = new Set(videoIds)
    if (given.size !== videoIds.length || given.size !== pins.length || pins.some((p) => !given.has(p))) {
      return yield* new ValidationError({ parameter: "videoIds", message: "videoIds must list every pinned video exactly once" })
    }
    yield* videos.orderPins(videoIds)
    return yield* videos.listPins
  }))
})
