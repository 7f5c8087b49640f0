import { Effect } from "effect"
import { type LivePage, type LiveRoom, NO_LIVE_ROOMS } from "../../domain/live.ts"
import { checkPage } from "../../domain/video_rules.ts"

/** Which page of live rooms the app asked for. */
export interface LivePageInput {
  readonly pageIndex: number
  readonly pageSize: number
}

/**
 * One page of the live rooms, in the order given, with the same paging rules and messages as the video lists.
 * `rooms` is the whole list on offer; none by default.
 */
export const listLiveRooms = Effect.fn("listLiveRooms")(function*(
  input: LivePageInput,
  rooms: ReadonlyArray<LiveRoom> = NO_LIVE_ROOMS
) {
  const { limit, offset } = yield* checkPage(input.pageIndex, input.pageSize)
  const page: LivePage = { total: rooms.length, rooms: rooms.slice(offset, offset + limit) }
  return page
})
