import type { DateTime, Redacted } from "effect"
import type { UserId } from "./user.ts"

/** A login session as stored: the token itself is never stored, only its hash. */
export interface Session {
  readonly tokenHash: string
  readonly userId: UserId
  readonly createdAt: DateTime.Utc
  readonly expiresAt: DateTime.Utc
  readonly revokedAt: DateTime.Utc | undefined
}

/** A freshly issued token: the clear value goes to the caller once, the hash to the repository. */
export interface IssuedToken {
  readonly token: Redacted.Redacted<string>
  readonly hash: string
}

/** Whether a stored session still authenticates at `now`. */
export const isSessionActive = (session: Session, now: DateTime.Utc): boolean =>
  session.revokedAt === undefined && now.epochMillis < session.expiresAt.epochMillis
