import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Either, Exit, FastCheck as fc, Layer, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { coreTestLayer } from "../../composition/test_core.ts"
import type { VideoId } from "../../core/domain/media.ts"
import { type ModerationAction, moderate } from "../../core/domain/moderation.ts"
import type { Password, Username } from "../../core/domain/user.ts"
import type { CensorStatus, Video } from "../../core/domain/video.ts"
import { inRecommendations } from "../../core/domain/video_rules.ts"
import { applyEvent, initialMedia, reopenModeration } from "../../core/domain/video_state.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { VideoRepository } from "../../core/ports/video_repository.ts"
import { VideoSettings } from "../../core/ports/video_settings.ts"
import { disableUser } from "../../core/use_cases/admin/disable_user.ts"
import { enableUser } from "../../core/use_cases/admin/enable_user.ts"
import { moderateVideo } from "../../core/use_cases/admin/moderate_video.ts"
import { pinVideo } from "../../core/use_cases/admin/pin_video.ts"
import { reorderPins } from "../../core/use_cases/admin/reorder_pins.ts"
import { unpinVideo } from "../../core/use_cases/admin/unpin_video.ts"
import { authenticate } from "../../core/use_cases/users/authenticate.ts"
import { loginUser } from "../../core/use_cases/users/login_user.ts"
import { registerUser } from "../../core/use_cases/users/register_user.ts"
import { newUser } from "../contracts/_fixtures.ts"

const testLayer = Layer.merge(coreTestLayer, Layer.succeed(VideoSettings, VideoSettings.of({ moderation: "hold" })))

const failureTag = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>) =>
  Exit.match(exit, {
    onSuccess: () => "success",
    onFailure: (cause) => Option.getOrUndefined(Option.map(Cause.failureOption(cause), (e) => e._tag))
  })

const statuses: ReadonlyArray<CensorStatus> = ["onCensor", "check", "success", "fail"]
const actions: ReadonlyArray<ModerationAction> = ["approve", "block", "reaudit"]

/** A published video of a fresh owner, its audit at `status`, deleted or not. */
const publish = (status: CensorStatus, deleted = false) =>
  Effect.gen(function*() {
    const videos = yield* VideoRepository
    const owner = yield* (yield* UserRepository).insert(newUser())
    const media = { ...initialMedia("hold"), censor: { value: status, at: 10, key: "audit" } }
    const video = yield* Effect.orDie(videos.insert({
      videoId: randomBytes(16).toString("hex") as VideoId,
      ownerId: owner.userId,
      metadata: { title: "t", description: "", duration: 1, coverUrl: "", size: 1, cateId: 0, cateName: "", tags: "" },
      media,
      createdAt: owner.createdAt
    }))
    if (deleted) yield* videos.markDeleted(video.videoId, owner.createdAt)
    return video
  })

describe("admin use cases", () => {
  it.prop(
    "moderate() only reaches states the callback rules reach (an audit event, or a re-upload's reopening)",
    { status: fc.constantFrom(...statuses), action: fc.constantFrom(...actions), at: fc.integer({ min: 0, max: 100 }) },
    ({ action, at, status }) => {
      const video: Video = {
        id: 1,
        videoId: "v" as VideoId,
        ownerId: "1" as Video["ownerId"],
        metadata: { title: "", description: "", duration: 0, coverUrl: "", size: 0, cateId: 0, cateName: "", tags: "" },
        media: { ...initialMedia("hold"), censor: { value: status, at: 50, key: "k" } },
        createdAt: undefined as never,
        deletedAt: Option.none()
      }
      const result = moderate(video, action, at, "admin")
      const when = Math.max(at, 51)
      const byCallback = action === "reaudit"
        ? reopenModeration(video.media, when, "admin")
        : applyEvent(video.media, {
          _tag: "Audit",
          videoId: "v",
          at: when,
          key: "admin",
          outcome: action === "approve" ? "success" : "fail"
        })
      expect(result).toEqual(Either.right(byCallback))
      // The decision is never undone by a callback older than it.
      const late = applyEvent(Either.getOrThrow(result), { _tag: "Audit", videoId: "v", at: at - 1, key: "z", outcome: "check" })
      expect(late).toEqual(Either.getOrThrow(result))
    }
  )

  it.effect.prop(
    "moderateVideo() sets the decided status, queues nothing but a re-audit, and refuses any decision on a deleted video",
    { status: fc.constantFrom(...statuses), action: fc.constantFrom(...actions), deleted: fc.boolean() },
    ({ action, deleted, status }) =>
      Effect.gen(function*() {
        const video = yield* publish(status, deleted)
        const exit = yield* Effect.exit(moderateVideo({ videoId: video.videoId, action }))
        if (deleted) {
          expect(failureTag(exit)).toBe("Conflict")
          return
        }
        const moderated = Exit.getOrElse(exit, () => undefined as never)
        const expected = { approve: "success", block: "fail", reaudit: "onCensor" }[action]
        expect(moderated.media.censor.value).toBe(expected)
        const stored = Option.getOrThrow(yield* (yield* VideoRepository).findByVideoId(video.videoId))
        expect(stored.media).toEqual(moderated.media)
        expect(inRecommendations(stored, "hold")).toBe(action === "approve")
      }).pipe(Effect.provide(testLayer)),
    { fastCheck: { numRuns: 30 } }
  )

  it.effect("moderateVideo() of an unknown video is NotFound", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(moderateVideo({ videoId: "0".repeat(32) as VideoId, action: "approve" }))
      expect(failureTag(exit)).toBe("NotFound")
    }).pipe(Effect.provide(testLayer)))

  it.effect.prop(
    "pins: only shown videos pin; the recommend list starts with them in the order given, each once over all pages",
    { statuses: fc.array(fc.constantFrom(...statuses), { minLength: 1, maxLength: 8 }), seed: fc.nat(), pageSize: fc.integer({ min: 1, max: 4 }) },
    ({ pageSize, seed, statuses }) =>
      Effect.gen(function*() {
        const videos = yield* VideoRepository
        const published = yield* Effect.forEach(statuses, (s) => publish(s))
        const pinned: Array<VideoId> = []
        for (const video of published) {
          const exit = yield* Effect.exit(pinVideo(video.videoId))
          expect(failureTag(exit)).toBe(inRecommendations(video, "hold") ? "success" : "Conflict")
          if (Exit.isSuccess(exit)) pinned.push(video.videoId)
        }
        // A permutation of the pins, from the seed.
        const order = [...pinned].sort((a, b) => ((a.charCodeAt(seed % 32) ^ seed) - (b.charCodeAt(seed % 32) ^ seed)))
        expect(yield* reorderPins(order)).toEqual(order)
        expect(failureTag(yield* Effect.exit(reorderPins(order.slice(1))))).toBe(order.length > 0 ? "ValidationError" : "success")
        const seen: Array<VideoId> = []
        for (let offset = 0;; offset += pageSize) {
          const page = yield* videos.listRecommended("hold", { before: Option.none(), offset, limit: pageSize })
          seen.push(...page.items.map((i) => i.video.videoId))
          if (page.items.length < pageSize) break
        }
        expect(seen.slice(0, order.length)).toEqual(order)
        expect(new Set(seen).size).toBe(seen.length)
        if (order.length > 0) {
          yield* unpinVideo(order[0]!)
          expect(failureTag(yield* Effect.exit(unpinVideo(order[0]!)))).toBe("NotFound")
        }
      }).pipe(Effect.provide(testLayer)),
    { fastCheck: { numRuns: 25 } }
  )

  it.effect("disableUser() revokes every token at once and login refuses the user until enableUser()", () =>
    Effect.gen(function*() {
      const username = "admin_target" as Username
      const password = Redacted.make("correct horse") as Password
      const clientAddress = "192.0.2.1"
      const user = yield* registerUser({ username, password, clientAddress })
      const { token } = yield* loginUser({ username, password, clientAddress })
      expect((yield* authenticate(token)).userId).toBe(user.userId)
      const result = yield* disableUser(user.userId)
      expect(result.changed).toBe(true)
      expect(result.revoked).toBeGreaterThanOrEqual(1)
      expect(failureTag(yield* Effect.exit(authenticate(token)))).toBe("Unauthenticated")
      expect(failureTag(yield* Effect.exit(loginUser({ username, password, clientAddress })))).toBe("Forbidden")
      expect((yield* disableUser(user.userId)).changed).toBe(false)
      expect((yield* enableUser(user.userId)).changed).toBe(true)
      const again = yield* loginUser({ username, password, clientAddress })
      expect((yield* authenticate(again.token)).userId).toBe(user.userId)
      expect(failureTag(yield* Effect.exit(authenticate(token)))).toBe("Unauthenticated")
      expect(failureTag(yield* Effect.exit(disableUser("9000000000000000001" as typeof user.userId)))).toBe("NotFound")
    }).pipe(Effect.provide(testLayer)))
})
