import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ImageExt, ImageType, VideoId } from "../../../core/domain/media.ts"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { DemoGate } from "../middleware/demo_gate.ts"
import { Authentication } from "../middleware/security.ts"
import { NumberParam, TextParam, UrlParams } from "./params.ts"

/** Parameters of getVideoUploadAuth. */
export const VideoUploadParams = UrlParams({
  title: TextParam("title"),
  fileName: TextParam("fileName"),
  fileSize: Schema.optional(NumberParam("fileSize")),
  description: Schema.optional(TextParam("description")),
  coverURL: Schema.optional(TextParam("coverURL")),
  tags: Schema.optional(TextParam("tags"))
})
const RefreshParams = UrlParams({ videoId: VideoId })
/** Parameters of getImageUploadAuth. */
export const ImageUploadParams = UrlParams({
  imageType: ImageType.annotations({ message: () => "imageType must be default or cover" }),
  imageExt: Schema.optional(ImageExt.annotations({ message: () => "imageExt must be png, jpg, jpeg or gif" })),
  title: Schema.optional(TextParam("title")),
  tags: Schema.optional(TextParam("tags"))
})

const StsData = Schema.Struct({
  accessKeyId: Schema.String,
  accessKeySecret: Schema.String,
  securityToken: Schema.String,
  expiration: Schema.String,
  Expiration: Schema.String
})
const VideoUploadData = Schema.Struct({ videoId: Schema.String, uploadAddress: Schema.String, uploadAuth: Schema.String })
const ImageUploadData = Schema.Struct({
  uploadAddress: Schema.String,
  uploadAuth: Schema.String,
  imageURL: Schema.String,
  imageId: Schema.String
})
const PlayAuthData = Schema.Struct({
  videoId: Schema.String,
  playAuth: Schema.String,
  coverURL: Schema.String,
  duration: Schema.String
})

const credentialEndpoints = (prefix: "/vod" | "/demo") => ({
  getSts: HttpApiEndpoint.get("getSts", `${prefix}/getSts`).addSuccess(Envelope(StsData)),
  getVideoUploadAuth: HttpApiEndpoint.get("getVideoUploadAuth", `${prefix}/getVideoUploadAuth`)
    .setUrlParams(VideoUploadParams).addSuccess(Envelope(VideoUploadData)),
  refreshVideoUploadAuth: HttpApiEndpoint.get("refreshVideoUploadAuth", `${prefix}/refreshVideoUploadAuth`)
    .setUrlParams(RefreshParams).addSuccess(Envelope(VideoUploadData)),
  getImageUploadAuth: HttpApiEndpoint.get("getImageUploadAuth", `${prefix}/getImageUploadAuth`)
    .setUrlParams(ImageUploadParams).addSuccess(Envelope(ImageUploadData))
})

const playAuth = <const Name extends string>(name: Name, path: `/${string}`) =>
  HttpApiEndpoint.get(name, path).setUrlParams(RefreshParams).addSuccess(Envelope(PlayAuthData))

const vod = credentialEndpoints("/vod")
const demo = credentialEndpoints("/demo")

/** Cloud credentials for a logged-in user (contract "Credentials (token)"). */
export class CredentialsGroup extends HttpApiGroup.make("vod")
  .add(vod.getSts)
  .add(vod.getVideoUploadAuth)
  .add(vod.refreshVideoUploadAuth)
  .add(vod.getImageUploadAuth)
  .middleware(Authentication)
  .addError(ApiFailure)
{}

/** The same credentials without a token, plus play auth; can be switched off and is rate limited per address. */
export class DemoGroup extends HttpApiGroup.make("demo")
  .add(demo.getSts)
  .add(demo.getVideoUploadAuth)
  .add(demo.refreshVideoUploadAuth)
  .add(demo.getImageUploadAuth)
  .add(playAuth("getVideoPlayAuth", "/demo/getVideoPlayAuth"))
  // The player examples' paths (contract "Extra client calls"): the same answers, behind the same gate.
  .add(
    HttpApiEndpoint.get("getVideoSts", "/player/getVideoSts").addSuccess(Envelope(StsData))
      .annotate(OpenApi.Summary, "Same as /demo/getSts, where the player examples fetch STS; a token is ignored")
  )
  .add(
    playAuth("getPlayerVideoPlayAuth", "/player/getVideoPlayAuth")
      .annotate(OpenApi.Summary, "Same as /demo/getVideoPlayAuth, where the player examples fetch play auth")
  )
  .middleware(DemoGate)
  .addError(ApiFailure)
  .annotate(
    OpenApi.Description,
    "No token. /demo/* and /player/* are off together when QU_DEMO_API=off, and share one limit of at most " +
      "QU_DEMO_RATE requests a minute per address."
  )
{}
