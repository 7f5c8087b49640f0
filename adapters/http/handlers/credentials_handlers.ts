import { HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import type { UploadOwner, VideoId } from "../../../core/domain/media.ts"
import { getImageUploadAuth } from "../../../core/use_cases/credentials/get_image_upload_auth.ts"
import { getSts } from "../../../core/use_cases/credentials/get_sts.ts"
import { getVideoPlayAuth } from "../../../core/use_cases/credentials/get_video_play_auth.ts"
import { optionalCaller } from "../middleware/optional_caller.ts"
import { getVideoUploadAuth } from "../../../core/use_cases/credentials/get_video_upload_auth.ts"
import { refreshVideoUploadAuth } from "../../../core/use_cases/credentials/refresh_video_upload_auth.ts"
import { Api } from "../contract/api.ts"
import type { ImageUploadParams, VideoUploadParams } from "../contract/credentials.ts"
import { imageUploadData, param, playAuthData, stsData, videoUploadData } from "../wire/credentials_wire.ts"
import { clientKey } from "../middleware/client_key.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"
import { HttpSettings } from "../http_settings.ts"
import { CurrentUser } from "../middleware/security.ts"
import { completeWrite } from "../middleware/writes.ts"

const sts = () => getSts().pipe(Effect.flatMap((c) => ok(stsData(c))))

// The cloud's new video and our record of it are written apart: a client that leaves does not stop between them.
const videoUpload = (owner: UploadOwner, p: typeof VideoUploadParams.Type) =>
  Effect.flatMap(requestAddress, (clientAddress) =>
    completeWrite(getVideoUploadAuth({
      owner,
      title: p.title,
      fileName: p.fileName,
      fileSize: param(p.fileSize),
      description: param(p.description),
      coverUrl: param(p.coverURL),
      tags: param(p.tags),
      clientAddress
    }))).pipe(Effect.flatMap((c) => ok(videoUploadData(c))))

/** The caller's address (an IPv6 client's /64), for the per-address upload quota. */
const requestAddress = Effect.zipWith(HttpServerRequest.HttpServerRequest, HttpSettings, clientKey)

const refresh = (caller: UploadOwner, videoId: VideoId) =>
  refreshVideoUploadAuth({ caller, videoId }).pipe(Effect.flatMap((c) => ok(videoUploadData(c))))

const imageUpload = (owner: UploadOwner, p: typeof ImageUploadParams.Type) =>
  getImageUploadAuth({
    owner,
    imageType: p.imageType,
    imageExt: p.imageExt ?? "png",
    title: param(p.title),
    tags: param(p.tags)
  }).pipe(Effect.flatMap((c) => ok(imageUploadData(c))))

// No token needed; with the owner's token, their video plays in any state (play_access.ts).
const playAuth = (videoId: VideoId) =>
  Effect.flatMap(optionalCaller, (caller) => getVideoPlayAuth(videoId, caller)).pipe(
    Effect.flatMap((p) => ok(playAuthData(p)))
  )

const caller = Effect.map(CurrentUser, (user) => Option.some(user.userId))
const anonymous: UploadOwner = Option.none()

/** Handlers of the "vod" group: credentials for the logged-in caller, who owns what they upload. */
export const vodLayer = handlerGroup(Api, "vod", (handlers) =>
  handlers
    .handle("getSts", sts)
    .handle("getVideoUploadAuth", ({ urlParams }) => Effect.flatMap(caller, (owner) => videoUpload(owner, urlParams)))
    .handle("refreshVideoUploadAuth", ({ urlParams }) => Effect.flatMap(caller, (c) => refresh(c, urlParams.videoId)))
    .handle("getImageUploadAuth", ({ urlParams }) => Effect.flatMap(caller, (owner) => imageUpload(owner, urlParams))))

/** Handlers of the "demo" group: the same credentials for anonymous callers, plus play auth; also under /player. */
export const demoLayer = handlerGroup(Api, "demo", (handlers) =>
  handlers
    .handle("getSts", sts)
    .handle("getVideoUploadAuth", ({ urlParams }) => videoUpload(anonymous, urlParams))
    .handle("refreshVideoUploadAuth", ({ urlParams }) => refresh(anonymous, urlParams.videoId))
    .handle("getImageUploadAuth", ({ urlParams }) => imageUpload(anonymous, urlParams))
    .handle("getVideoPlayAuth", ({ urlParams }) => playAuth(urlParams.videoId))
    .handle("getVideoSts", sts)
    .handle("getPlayerVideoPlayAuth", ({ urlParams }) => playAuth(urlParams.videoId)))
