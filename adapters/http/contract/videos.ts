import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { VideoId } from "../../../core/domain/media.ts"
import { UserId } from "../../../core/domain/user.ts"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { PlayGate } from "../middleware/play_gate.ts"
import { Authentication } from "../middleware/security.ts"
import { IntParam, NumberParam, TextParam, UrlParams } from "./params.ts"

/** Parameters of videoPublish. */
export const PublishParams = UrlParams({
  videoId: VideoId,
  title: Schema.optional(TextParam("title")),
  description: Schema.optional(TextParam("description")),
  duration: Schema.optional(NumberParam("duration")),
  coverUrl: Schema.optional(TextParam("coverUrl")),
  size: Schema.optional(NumberParam("size")),
  tags: Schema.optional(TextParam("tags")),
  cateId: Schema.optional(NumberParam("cateId")),
  cateName: Schema.optional(TextParam("cateName"))
})

/** Parameters of both list endpoints. */
export const ListParams = UrlParams({
  pageIndex: IntParam("pageIndex"),
  pageSize: IntParam("pageSize"),
  id: Schema.optional(IntParam("id"))
})

/** The Video object of the contract (documentation; the wire text is written by video_wire.ts). */
export const VideoJson = Schema.Struct({
  id: Schema.String,
  videoId: Schema.String,
  title: Schema.String,
  description: Schema.String,
  duration: Schema.Number.annotations({ description: "whole seconds written with a decimal point, e.g. 12.0" }),
  coverUrl: Schema.String,
  creationTime: Schema.String,
  status: Schema.String,
  firstFrameUrl: Schema.String,
  size: Schema.Number,
  cateId: Schema.Number,
  cateName: Schema.String,
  tags: Schema.String,
  shareUrl: Schema.String,
  user: Schema.Struct({ userId: Schema.String, userName: Schema.String, avatarUrl: Schema.String }),
  transcodeStatus: Schema.String,
  snapshotStatus: Schema.String,
  censorStatus: Schema.String,
  narrowTranscodeStatus: Schema.String,
  fileUrl: Schema.String
})
const VideoList = Schema.Struct({ total: Schema.Number, videoList: Schema.Array(VideoJson) })

/** Publishing, feeds and deletion (contract "Videos"); token required. */
export class VideosGroup extends HttpApiGroup.make("videos")
  .add(HttpApiEndpoint.post("videoPublish", "/vod/videoPublish").setUrlParams(PublishParams).addSuccess(Envelope(VideoJson)))
  .add(HttpApiEndpoint.get("getRecommendVideoList", "/vod/getRecommendVideoList").setUrlParams(ListParams)
    .addSuccess(Envelope(VideoList)))
  .add(HttpApiEndpoint.get("getPersonalVideoList", "/vod/getPersonalVideoList").setUrlParams(ListParams)
    .addSuccess(Envelope(VideoList)))
  .add(HttpApiEndpoint.post("deleteVideoById", "/vod/deleteVideoById")
    .setUrlParams(UrlParams({ videoId: VideoId, userId: UserId })).addSuccess(Envelope(Schema.Null)))
  .middleware(Authentication)
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "Lists: newest first by id; `id` is a cursor (only items with a smaller id).")
{}

const PlayData = Schema.Struct({
  videoBase: Schema.Struct({ coverURL: Schema.String, title: Schema.String, duration: Schema.String, videoId: Schema.String }),
  playInfoList: Schema.Array(Schema.Struct({ playURL: Schema.String, definition: Schema.String, format: Schema.String }))
})

/**
 * Play information for the mini-program: no token needed (a video the recommend list shows), or the owner's token
 * (their own video in any state); anything else is "404". Rate limited per address.
 */
export class VodVideoGroup extends HttpApiGroup.make("vodVideo")
  .add(HttpApiEndpoint.get("getVideoById", "/vodVideo/getVideoById").setUrlParams(UrlParams({ videoId: VideoId }))
    .addSuccess(Envelope(PlayData)))
  .middleware(PlayGate)
  .addError(ApiFailure)
{}
