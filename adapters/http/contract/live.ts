import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { Authentication } from "../middleware/security.ts"
import { IntParam, UrlParams } from "./params.ts"

/** Parameters of getRecommendLiveList: a page, as on the video lists (no cursor). */
export const LiveListParams = UrlParams({
  pageIndex: IntParam("pageIndex"),
  pageSize: IntParam("pageSize")
})

/** A live room on the wire. */
export const LiveJson = Schema.Struct({
  liveId: Schema.String,
  liveUrl: Schema.String,
  title: Schema.String,
  coverUrl: Schema.String,
  user: Schema.Struct({ userId: Schema.String, userName: Schema.String, avatarUrl: Schema.String })
})
const LiveList = Schema.Struct({ total: Schema.Int, liveList: Schema.Array(LiveJson) })

/** Live rooms for the Android app's live tab (contract "Extra client calls"); token required. */
export class LiveGroup extends HttpApiGroup.make("live")
  .add(
    HttpApiEndpoint.get("getRecommendLiveList", "/vod/getRecommendLiveList").setUrlParams(LiveListParams)
      .addSuccess(Envelope(LiveList))
      .annotate(OpenApi.Summary, "A page of live rooms (pageIndex from 1, pageSize 1..50); none unless some are provided")
  )
  .middleware(Authentication)
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "Not in the seed document; the Android app's live tab calls it. An empty list by default.")
{}
