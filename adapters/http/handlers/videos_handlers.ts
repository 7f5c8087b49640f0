import { Effect, Layer, Option } from "effect"
import { deleteVideo } from "../../../core/use_cases/videos/delete_video.ts"
import { getVideoPlayInfo } from "../../../core/use_cases/credentials/get_video_play_info.ts"
import { optionalCaller } from "../middleware/optional_caller.ts"
import * as PlayGate from "../middleware/play_gate.ts"
import { listPersonalVideos, listRecommendedVideos } from "../../../core/use_cases/videos/list_videos.ts"
import { publishVideo } from "../../../core/use_cases/videos/publish_video.ts"
import { Api } from "../contract/api.ts"
import type { ListParams } from "../contract/videos.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"
import { HttpSettings } from "../http_settings.ts"
import { CurrentUser } from "../middleware/security.ts"
import { okTail, okWithFloats, pageTail, videoJson } from "../wire/video_wire.ts"
import { completeWrite } from "../middleware/writes.ts"

const listInput = (p: typeof ListParams.Type) => ({
  pageIndex: p.pageIndex,
  pageSize: p.pageSize,
  before: Option.fromNullable(p.id)
})

/** Handlers of the "videos" group (token). */
export const layer = handlerGroup(Api, "videos", (handlers) =>
  Effect.gen(function*() {
    const { timeZone } = yield* HttpSettings
    return handlers
      .handle("videoPublish", ({ urlParams: p }) =>
        Effect.gen(function*() {
          const caller = yield* CurrentUser
          const video = yield* completeWrite(publishVideo({
            caller,
            videoId: p.videoId,
            title: Option.fromNullable(p.title),
            description: Option.fromNullable(p.description),
            duration: Option.fromNullable(p.duration),
            coverUrl: Option.fromNullable(p.coverUrl),
            size: Option.fromNullable(p.size),
            tags: Option.fromNullable(p.tags),
            cateId: Option.fromNullable(p.cateId),
            cateName: Option.fromNullable(p.cateName)
          }))
          const author = { userId: caller.userId, nickname: caller.nickname, avatarUrl: caller.avatarUrl }
          return yield* okWithFloats(videoJson({ video, author }, timeZone))
        }))
      .handle("getRecommendVideoList", ({ urlParams }) =>
        listRecommendedVideos(listInput(urlParams)).pipe(
          Effect.flatMap((page) => okTail(pageTail(page, timeZone)))
        ))
      .handle("getPersonalVideoList", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (caller) => listPersonalVideos(caller, listInput(urlParams))).pipe(
          Effect.flatMap((page) => okTail(pageTail(page, timeZone)))
        ))
      .handle("deleteVideoById", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (caller) => completeWrite(deleteVideo({ caller, ...urlParams }))).pipe(
          Effect.flatMap(() => ok(null, "删除完成"))
        ))

  }))

/** Handlers of the "vodVideo" group: play information from the media cloud. */
export const vodVideoLayer = handlerGroup(Api, "vodVideo", (handlers) =>
  handlers.handle("getVideoById", ({ urlParams }) =>
    Effect.flatMap(optionalCaller, (caller) => getVideoPlayInfo(urlParams.videoId, caller)).pipe(
      Effect.flatMap((info) =>
        ok({
          videoBase: {
            coverURL: info.coverUrl,
            title: info.title,
            duration: String(info.duration),
            videoId: info.videoId
          },
          playInfoList: info.playInfos.map((p) => ({ playURL: p.playUrl, definition: p.definition, format: p.format }))
        })
      )
    ))).pipe(Layer.provide(PlayGate.layer))
