import { Effect } from "effect"
import type { LivePage } from "../../../core/domain/live.ts"
import { listLiveRooms } from "../../../core/use_cases/videos/list_live_rooms.ts"
import { Api } from "../contract/api.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"

/** A page of live rooms on the wire: the host appears as `user`, their nickname as `userName`. */
export const liveListData = (page: LivePage) => ({
  total: page.total,
  liveList: page.rooms.map((room) => ({
    liveId: room.liveId,
    liveUrl: room.liveUrl,
    title: room.title,
    coverUrl: room.coverUrl,
    user: { userId: room.host.userId, userName: room.host.nickname, avatarUrl: room.host.avatarUrl }
  }))
})

/** Handlers of the "live" group (token): the rooms on offer, none until a source provides some. */
export const layer = handlerGroup(Api, "live", (handlers) =>
  handlers.handle("getRecommendLiveList", ({ urlParams }) =>
    listLiveRooms(urlParams).pipe(Effect.flatMap((page) => ok(liveListData(page))))))
