import { Duration, type DateTime } from "effect"

/**
 * What an attempt counts against: failed logins per username (its case-insensitive key) and per client address,
 * registrations and anonymous users per client address.
 */
export type AttemptScope = "login-username" | "login-address" | "register-address" | "random-user-address"

/** One recorded attempt of a scope and key (a username key or a client address). */
export interface Attempt {
  readonly scope: AttemptScope
  readonly key: string
  readonly at: DateTime.Utc
}

/** The id a repository gives a recorded attempt, to forget it later. */
export type AttemptId = string

/** A sliding-window limit: at most `max` attempts in any `window` (an attempt counts for `window` after it). */
export interface AttemptLimit {
  readonly max: number
  readonly window: Duration.Duration
}

const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? "" : "s"}`

/** A window in words for messages: "15 minutes", "1 hour", "90 seconds". */
export const describeWindow = (window: Duration.Duration): string => {
  const seconds = Math.round(Duration.toSeconds(window))
  if (seconds > 0 && seconds % 3600 === 0) return unit(seconds / 3600, "hour")
  if (seconds > 0 && seconds % 60 === 0) return unit(seconds / 60, "minute")
  return unit(seconds, "second")
}
