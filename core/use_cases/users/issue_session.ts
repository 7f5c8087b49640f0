import { DateTime, Effect } from "effect"
import type { IssuedToken } from "../../domain/session.ts"
import type { UserId } from "../../domain/user.ts"
import { AuthSettings } from "../../ports/auth_settings.ts"
import { SessionRepository } from "../../ports/session_repository.ts"
import { TokenGenerator } from "../../ports/token_generator.ts"

/**
 * Issues a new token for a user and stores its session. Other sessions of the user stay valid, up to
 * AuthSettings.maxSessionsPerUser live ones with the new one: beyond that the oldest are revoked. Run it inside a
 * transaction (the callers do), so the new session and the revocations land together.
 */
export const issueSession = Effect.fn("issueSession")(function*(userId: UserId) {
  const tokens = yield* TokenGenerator
  const sessions = yield* SessionRepository
  const { maxSessionsPerUser, tokenTtl } = yield* AuthSettings
  const now = yield* DateTime.now
  const issued: IssuedToken = yield* tokens.issue
  yield* sessions.insert({
    tokenHash: issued.hash,
    userId,
    createdAt: now,
    expiresAt: DateTime.addDuration(now, tokenTtl),
    revokedAt: undefined
  })
  yield* sessions.revokeAllButNewest(userId, maxSessionsPerUser, issued.hash, now)
  return issued.token
})
