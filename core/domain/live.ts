/** Who hosts a live room, as the live tab shows them (not necessarily a user of this server). */
export interface LiveHost {
  readonly userId: string
  readonly nickname: string
  readonly avatarUrl: string
}

/** A live room the app's live tab lists: where to play it and how to present it. */
export interface LiveRoom {
  readonly liveId: string
  readonly liveUrl: string
  readonly title: string
  readonly coverUrl: string
  readonly host: LiveHost
}

/** One page of live rooms, and how many rooms there are in all. */
export interface LivePage {
  readonly total: number
  readonly rooms: ReadonlyArray<LiveRoom>
}

/** The rooms a server lists until something (configuration, the catalogue) provides some: none. */
export const NO_LIVE_ROOMS: ReadonlyArray<LiveRoom> = []
