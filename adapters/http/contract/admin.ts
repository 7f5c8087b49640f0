import { HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSecurity, OpenApi } from "@effect/platform"
import { Context, Schema } from "effect"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { IntParam, TextParam, UrlParams } from "./params.ts"

/** Who is acting through the admin API: for the audit log line of every action. */
export class CurrentAdmin extends Context.Tag("adapters/http/CurrentAdmin")<CurrentAdmin, {
  /** `admin` and the client address, e.g. `admin@203.0.113.9`. */
  readonly actor: string
}>() {}

/**
 * The admin API's guard: `Authorization: Bearer <QU_ADMIN_TOKEN>`, compared in constant time. With no token
 * configured every admin call is refused ("404": the API is off).
 */
export class AdminAuthentication extends HttpApiMiddleware.Tag<AdminAuthentication>()("adapters/http/AdminAuthentication", {
  failure: ApiFailure,
  provides: CurrentAdmin,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

/** A video as the console shows it. */
export const AdminVideo = Schema.Struct({
  videoId: Schema.String,
  title: Schema.String,
  description: Schema.String,
  ownerId: Schema.String,
  censorStatus: Schema.String,
  transcodeStatus: Schema.String,
  coverUrl: Schema.String,
  fileUrl: Schema.String,
  /** ISO 8601. */
  createdAt: Schema.String,
  deletedAt: Schema.NullOr(Schema.String),
  /** Whether the recommend list may show it (moderation and transcoding allow it, not deleted). */
  recommendable: Schema.Boolean,
  pinned: Schema.Boolean,
  /** 1-based place among the pinned videos; null when not pinned. */
  pinPosition: Schema.NullOr(Schema.Number)
})

/** A user as the console shows it. */
export const AdminUser = Schema.Struct({
  userId: Schema.String,
  userName: Schema.String,
  nickname: Schema.String,
  createdAt: Schema.String,
  disabled: Schema.Boolean
})

/** One VOD event received for a video, its body as received and what the server did with it. */
export const AdminEvent = Schema.Struct({
  receivedAt: Schema.String,
  eventType: Schema.String,
  eventTime: Schema.String,
  outcome: Schema.String,
  body: Schema.Unknown
})

/** Which videos the moderation queue lists: `review` is everything waiting for a decision (onCensor and check). */
export const VideoFilter = Schema.Literal("review", "onCensor", "check", "success", "fail", "all")

const VideoIdParam = UrlParams({ videoId: TextParam("videoId").pipe(Schema.minLength(1, { message: () => "videoId is required" })) })
/** A user id or a cursor: digits (ids are 64-bit sequence values), refused here rather than by the database. */
const Digits = (name: string) =>
  TextParam(name).pipe(Schema.pattern(/^[1-9][0-9]{0,18}$/, { message: () => `${name} must be a string of digits` }))
const UserIdParam = UrlParams({ userId: Digits("userId") })
const Cursor = Schema.optional(Digits("cursor"))
const PageSize = Schema.optional(IntParam("pageSize"))

const VideoPage = Schema.Struct({ videos: Schema.Array(AdminVideo), nextCursor: Schema.NullOr(Schema.String) })
const OneVideo = Schema.Struct({ video: AdminVideo })
const UserPage = Schema.Struct({ users: Schema.Array(AdminUser), nextCursor: Schema.NullOr(Schema.String) })

/** The admin API (/admin/*): moderation, the recommend list's pins, the VOD event log, users and the catalogue. */
export class AdminGroup extends HttpApiGroup.make("admin")
  .add(HttpApiEndpoint.get("session", "/admin/session").addSuccess(Envelope(Schema.Struct({ actor: Schema.String }))))
  .add(
    HttpApiEndpoint.get("listVideos", "/admin/videos")
      .setUrlParams(UrlParams({
        status: Schema.optional(VideoFilter.annotations({ message: () => "status must be one of review, onCensor, check, success, fail, all" })),
        q: Schema.optional(TextParam("q")),
        userId: Schema.optional(Digits("userId")),
        cursor: Cursor,
        pageSize: PageSize
      }))
      .addSuccess(Envelope(VideoPage))
  )
  .add(HttpApiEndpoint.post("approve", "/admin/videos/approve").setUrlParams(VideoIdParam).addSuccess(Envelope(OneVideo)))
  .add(HttpApiEndpoint.post("block", "/admin/videos/block").setUrlParams(VideoIdParam).addSuccess(Envelope(OneVideo)))
  .add(HttpApiEndpoint.post("reaudit", "/admin/videos/reaudit").setUrlParams(VideoIdParam).addSuccess(Envelope(OneVideo)))
  .add(
    HttpApiEndpoint.get("videoEvents", "/admin/videos/events")
      .setUrlParams(VideoIdParam)
      .addSuccess(Envelope(Schema.Struct({ events: Schema.Array(AdminEvent) })))
  )
  .add(
    HttpApiEndpoint.get("recommend", "/admin/recommend")
      .addSuccess(Envelope(Schema.Struct({ pinned: Schema.Array(AdminVideo), videos: Schema.Array(AdminVideo) })))
  )
  .add(HttpApiEndpoint.post("pin", "/admin/pins/pin").setUrlParams(VideoIdParam).addSuccess(Envelope(OneVideo)))
  .add(HttpApiEndpoint.post("unpin", "/admin/pins/unpin").setUrlParams(VideoIdParam).addSuccess(Envelope(OneVideo)))
  .add(
    HttpApiEndpoint.post("orderPins", "/admin/pins/order")
      .setUrlParams(UrlParams({ videoIds: TextParam("videoIds") }))
      .addSuccess(Envelope(Schema.Struct({ pinned: Schema.Array(AdminVideo) })))
  )
  .add(
    HttpApiEndpoint.get("listUsers", "/admin/users")
      .setUrlParams(UrlParams({ q: Schema.optional(TextParam("q")), cursor: Cursor, pageSize: PageSize }))
      .addSuccess(Envelope(UserPage))
  )
  .add(HttpApiEndpoint.post("disableUser", "/admin/users/disable").setUrlParams(UserIdParam).addSuccess(Envelope(Schema.Struct({ user: AdminUser }))))
  .add(HttpApiEndpoint.post("enableUser", "/admin/users/enable").setUrlParams(UserIdParam).addSuccess(Envelope(Schema.Struct({ user: AdminUser }))))
  .add(
    HttpApiEndpoint.get("exportCatalogue", "/admin/catalogue")
      .addSuccess(Envelope(Schema.Struct({ revision: Schema.Number, catalogue: Schema.Unknown })))
  )
  .add(
    HttpApiEndpoint.post("importCatalogue", "/admin/catalogue")
      .setPayload(Schema.Struct({
        /** A catalogue file's JSON (docs/catalogue.md), as `npm run catalogue -- export` writes it. */
        catalogue: Schema.Unknown,
        /** replace (default): the catalogue becomes exactly this one; upsert: merged into the stored one. */
        mode: Schema.optional(Schema.Literal("replace", "upsert")),
        dryRun: Schema.optional(Schema.Boolean)
      }))
      .addSuccess(Envelope(Schema.Struct({ revision: Schema.Number, summary: Schema.String })))
  )
  .middleware(AdminAuthentication)
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "Operators only: `Authorization: Bearer <QU_ADMIN_TOKEN>`. Off while QU_ADMIN_TOKEN is unset.")
{}
