import { Cause, DateTime, Effect, Either, Exit, Option } from "effect"
import { encodeCatalogueFile, decodeCatalogueFile } from "../../catalogue_file/catalogue_file.ts"
import { NotFound, ValidationError } from "../../../core/domain/errors.ts"
import type { VideoId } from "../../../core/domain/media.ts"
import type { UserId } from "../../../core/domain/user.ts"
import type { Video } from "../../../core/domain/video.ts"
import { inRecommendations } from "../../../core/domain/video_rules.ts"
import { displayCover, fileUrl, transcodeStatus } from "../../../core/domain/video_state.ts"
import type { AdminUser } from "../../../core/ports/user_repository.ts"
import { CatalogueReader } from "../../../core/ports/catalogue_reader.ts"
import { UserRepository } from "../../../core/ports/user_repository.ts"
import { VideoRepository } from "../../../core/ports/video_repository.ts"
import { VideoSettings } from "../../../core/ports/video_settings.ts"
import { disableUser } from "../../../core/use_cases/admin/disable_user.ts"
import { enableUser } from "../../../core/use_cases/admin/enable_user.ts"
import { listUsers } from "../../../core/use_cases/admin/list_users.ts"
import { listVideoEvents } from "../../../core/use_cases/admin/list_video_events.ts"
import { listVideos } from "../../../core/use_cases/admin/list_videos.ts"
import { moderateVideo } from "../../../core/use_cases/admin/moderate_video.ts"
import { pinVideo } from "../../../core/use_cases/admin/pin_video.ts"
import { reorderPins } from "../../../core/use_cases/admin/reorder_pins.ts"
import { unpinVideo } from "../../../core/use_cases/admin/unpin_video.ts"
import { importCatalogue } from "../../../core/use_cases/catalogue/import_catalogue.ts"
import { listRecommendedVideos } from "../../../core/use_cases/videos/list_videos.ts"
import { Api } from "../contract/api.ts"
import { CurrentAdmin } from "../contract/admin.ts"
import { completeWrite } from "../middleware/writes.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"

const PAGE = 24
const iso = (at: DateTime.Utc) => DateTime.formatIso(at)

/** What an action came to, for its audit line: `done`, `refused: <error tag>` (nothing changed) or `failed`. */
const outcomeOf = <A, E>(exit: Exit.Exit<A, E>) =>
  Exit.match(exit, {
    onSuccess: () => "done",
    onFailure: (cause) =>
      Option.match(Cause.failureOption(cause), {
        onNone: () => "failed",
        onSome: (error) =>
          `refused: ${typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "error"}`
      })
  })

/**
 * A state-changing admin action, run to completion even if the administrator's browser goes away, then logged as
 * `admin: <name>` with who did it, to what, and its outcome (a refused action changed nothing); never a secret (the
 * token is not in the context).
 */
const action = <A, E, R>(name: string, target: Record<string, string>, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(CurrentAdmin, ({ actor }) =>
    completeWrite(Effect.onExit(effect, (exit) =>
      Effect.logInfo(`admin: ${name}`).pipe(Effect.annotateLogs({ actor, ...target, outcome: outcomeOf(exit) })))))

const cursorOf = (text: string | undefined) => {
  if (text === undefined || text === "") return Effect.succeed(Option.none<number>())
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0
    ? Effect.succeed(Option.some(n))
    : Effect.fail(new ValidationError({ parameter: "cursor", message: "cursor must be the nextCursor of a previous page" }))
}

const userJson = ({ disabledAt, user }: AdminUser) => ({
  userId: user.userId,
  userName: Option.getOrElse(user.username, () => ""),
  nickname: user.nickname,
  createdAt: iso(user.createdAt),
  disabled: Option.isSome(disabledAt)
})

/** Handlers of the "admin" group (docs/admin.md): every call is the administrator's, every change is logged. */
export const layer = handlerGroup(Api, "admin", (handlers) =>
  Effect.gen(function*() {
    const { moderation } = yield* VideoSettings
    const videos = yield* VideoRepository
    const reader = yield* CatalogueReader
    const users = yield* UserRepository
    // The user as an action left them (disabled or not): the action itself failed with NotFound for an unknown id.
    const userAfter = (userId: UserId, disabled: boolean) =>
      Effect.flatMap(users.findById(userId), (user) =>
        Option.match(user, {
          onNone: () => Effect.fail(new NotFound({ resource: "user", id: userId })),
          onSome: (user) => Effect.succeed({ ...userJson({ user, disabledAt: Option.none() }), disabled })
        }))

    const videoJson = (video: Video, pins: ReadonlyArray<VideoId>) => {
      const place = pins.indexOf(video.videoId)
      return {
        videoId: video.videoId,
        title: video.metadata.title,
        description: video.metadata.description,
        ownerId: video.ownerId,
        censorStatus: video.media.censor.value,
        transcodeStatus: transcodeStatus(video.media),
        coverUrl: displayCover(video),
        fileUrl: fileUrl(video.media),
        createdAt: iso(video.createdAt),
        deletedAt: Option.getOrNull(Option.map(video.deletedAt, iso)),
        recommendable: inRecommendations(video, moderation),
        pinned: place >= 0,
        pinPosition: place >= 0 ? place + 1 : null
      }
    }
    const found = (videoId: VideoId) => Effect.map(videos.findByVideoId(videoId), Option.toArray)
    const pinnedVideos = (pins: ReadonlyArray<VideoId>) =>
      Effect.map(Effect.forEach(pins, found), (all) => all.flat().map((video) => videoJson(video, pins)))
    const oneVideo = (videoId: VideoId) =>
      Effect.gen(function*() {
        const pins = yield* videos.listPins
        const video = yield* found(videoId)
        return { video: videoJson(video[0]!, pins) }
      })

    // An action on one video, logged with it, answered with the video as it now is.
    const onVideo = <A, E, R>(name: string, id: string, act: (videoId: VideoId) => Effect.Effect<A, E, R>) =>
      action(name, { videoId: id }, act(id as VideoId)).pipe(
        Effect.zipRight(oneVideo(id as VideoId)),
        Effect.flatMap((video) => ok(video))
      )

    return handlers
      .handle("session", () => Effect.flatMap(CurrentAdmin, ({ actor }) => ok({ actor })))
      .handle("listVideos", ({ urlParams }) =>
        Effect.gen(function*() {
          const status = urlParams.status ?? "review"
          const q = Option.fromNullable(urlParams.q).pipe(Option.map((s) => s.trim()), Option.filter((s) => s !== ""))
          const limit = urlParams.pageSize ?? PAGE
          let before = yield* cursorOf(urlParams.cursor)
          const pins = yield* videos.listPins
          // "review" is two states: both are read and merged newest first, up to one page.
          const states = status === "all" ? [Option.none()] : status === "review"
            ? [Option.some("onCensor" as const), Option.some("check" as const)]
            : [Option.some(status)]
          // A search that looks like a video id finds that video; otherwise it is a title substring.
          if (Option.isSome(q) && /^[0-9a-f]{32}$/.test(q.value)) {
            const video = yield* found(q.value as VideoId)
            return yield* ok({ videos: video.map((v) => videoJson(v, pins)), nextCursor: null })
          }
          const pages = yield* Effect.forEach(states, (state) =>
            listVideos({
              state,
              ownerId: Option.fromNullable(urlParams.userId as UserId | undefined),
              titleContains: q,
              before,
              limit
            }))
          const merged = pages.flatMap((p) => p.items).sort((a, b) => b.id - a.id).slice(0, limit)
          before = merged.length === limit ? Option.fromNullable(merged.at(-1)?.id) : Option.none()
          return yield* ok({
            videos: merged.map((v) => videoJson(v, pins)),
            nextCursor: Option.getOrNull(Option.map(before, String))
          })
        }))
      .handle("approve", ({ urlParams }) => onVideo("approve", urlParams.videoId, (videoId) => moderateVideo({ videoId, action: "approve" })))
      .handle("block", ({ urlParams }) => onVideo("block", urlParams.videoId, (videoId) => moderateVideo({ videoId, action: "block" })))
      .handle("reaudit", ({ urlParams }) => onVideo("reaudit", urlParams.videoId, (videoId) => moderateVideo({ videoId, action: "reaudit" })))
      .handle("videoEvents", ({ urlParams }) =>
        Effect.gen(function*() {
          const events = yield* listVideoEvents(urlParams.videoId as VideoId, 50)
          return yield* ok({
            events: events.map((e) => ({
              receivedAt: iso(e.receivedAt),
              eventType: e.eventType,
              eventTime: new Date(e.at).toISOString(),
              outcome: e.outcome,
              body: e.body
            }))
          })
        }))
      .handle("recommend", () =>
        Effect.gen(function*() {
          const pins = yield* videos.listPins
          const page = yield* listRecommendedVideos({ pageIndex: 1, pageSize: 50, before: Option.none() })
          return yield* ok({
            pinned: yield* pinnedVideos(pins),
            videos: page.items.filter((v) => !pins.includes(v.video.videoId)).map((v) => videoJson(v.video, pins))
          })
        }))
      .handle("pin", ({ urlParams }) => onVideo("pin", urlParams.videoId, pinVideo))
      .handle("unpin", ({ urlParams }) => onVideo("unpin", urlParams.videoId, unpinVideo))
      .handle("orderPins", ({ urlParams }) =>
        Effect.gen(function*() {
          const ids = urlParams.videoIds.split(",").map((s) => s.trim()).filter((s) => s !== "") as Array<VideoId>
          const pins = yield* action("order pins", { videoIds: ids.join(",") }, reorderPins(ids))
          return yield* ok({ pinned: yield* pinnedVideos(pins) })
        }))
      .handle("listUsers", ({ urlParams }) =>
        Effect.gen(function*() {
          const limit = urlParams.pageSize ?? 50
          const page = yield* listUsers({
            search: Option.fromNullable(urlParams.q).pipe(Option.map((s) => s.trim()), Option.filter((s) => s !== "")),
            disabled: Option.none(),
            before: Option.fromNullable(urlParams.cursor as UserId | undefined).pipe(Option.filter((s) => s !== "")),
            limit
          })
          return yield* ok({ users: page.items.map(userJson), nextCursor: Option.getOrNull(page.next) })
        }))
      .handle("disableUser", ({ urlParams }) =>
        action("disable user", { userId: urlParams.userId }, disableUser(urlParams.userId as UserId)).pipe(
          Effect.zipRight(userAfter(urlParams.userId as UserId, true)),
          Effect.flatMap((user) => ok({ user }))
        ))
      .handle("enableUser", ({ urlParams }) =>
        action("enable user", { userId: urlParams.userId }, enableUser(urlParams.userId as UserId)).pipe(
          Effect.zipRight(userAfter(urlParams.userId as UserId, false)),
          Effect.flatMap((user) => ok({ user }))
        ))
      .handle("exportCatalogue", () =>
        Effect.flatMap(reader.load, (snapshot) =>
          ok({ revision: snapshot.revision, catalogue: JSON.parse(encodeCatalogueFile(snapshot.catalogue)) as unknown })))
      .handle("importCatalogue", ({ payload }) =>
        Effect.gen(function*() {
          if (payload.catalogue === undefined || payload.catalogue === null) {
            return yield* new ValidationError({ parameter: "catalogue", message: "catalogue is required: a catalogue file's JSON" })
          }
          const decoded = decodeCatalogueFile(JSON.stringify(payload.catalogue), yield* DateTime.now)
          if (Either.isLeft(decoded)) {
            const first = decoded.left[0]
            return yield* new ValidationError({
              parameter: "catalogue",
              message: `catalogue is not a valid catalogue file (${decoded.left.length} problems; first: ${first?.path} ${first?.message})`
            })
          }
          const mode = payload.mode ?? "replace"
          const result = yield* action(
            `import catalogue (${mode}${payload.dryRun === true ? ", dry run" : ""})`,
            {},
            importCatalogue({ catalogue: decoded.right, mode, dryRun: payload.dryRun })
          ).pipe(Effect.catchTag("CatalogueRejected", (e) =>
            new ValidationError({
              parameter: "catalogue",
              message: `catalogue refused (${e.problems.length} problems; first: ${e.problems[0]?.path} ${e.problems[0]?.message})`
            })))
          const c = result.catalogue
          return yield* ok({
            revision: result.revision,
            summary: `${c.music.length} tracks, ${c.stickerCategories.length} sticker categories, ${c.captionCategories.length} caption categories, ${c.mvs.length} MVs, ${c.fonts.length} fonts${result.stored ? "" : " (not stored)"}`
          })
        }))

  }))
