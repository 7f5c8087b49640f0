import { Effect, Option } from "effect"
import { ValidationError } from "./errors.ts"
import type { ModerationMode, Video } from "./video.ts"

/** An optional count (duration, size, category id): rounded to a whole number, from 0 to `max`. */
export const checkCount = (parameter: string, value: Option.Option<number>, max: number) =>
  Option.match(value, {
    onNone: () => Effect.succeed(Option.none<number>()),
    onSome: (n) => {
      const whole = Math.round(n)
      return Number.isFinite(n) && whole >= 0 && whole <= max
        ? Effect.succeed(Option.some(whole))
        : Effect.fail(new ValidationError({ parameter, message: `${parameter} must be a number from 0 to ${max}` }))
    }
  })

/** A page request: pageIndex from 1, pageSize 1..50, and an optional cursor id. */
export const checkPage = (pageIndex: number, pageSize: number) => {
  if (!Number.isInteger(pageIndex) || pageIndex < 1 || pageIndex > 1_000_000) {
    return Effect.fail(new ValidationError({ parameter: "pageIndex", message: "pageIndex must be a whole number from 1" }))
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) {
    return Effect.fail(new ValidationError({ parameter: "pageSize", message: "pageSize must be a whole number from 1 to 50" }))
  }
  return Effect.succeed({ offset: (pageIndex - 1) * pageSize, limit: pageSize })
}

/**
 * Whether the recommend list shows a video: not deleted, and with moderation `hold` its audit passed, with `off` it
 * was not blocked. The same rule decides who may play it (play_access.ts).
 */
export const inRecommendations = (video: Video, moderation: ModerationMode): boolean =>
  Option.isNone(video.deletedAt) &&
  (moderation === "hold" ? video.media.censor.value === "success" : video.media.censor.value !== "fail")
