import { Effect, type Exit, Option } from "effect"
import { type AttemptId, type AttemptLimit, describeWindow } from "../../domain/attempt.ts"
import { Forbidden, Unauthenticated } from "../../domain/errors.ts"
import { type Password, type Username, usernameKey } from "../../domain/user.ts"
import { AuthSettings } from "../../ports/auth_settings.ts"
import { PasswordHasher } from "../../ports/password_hasher.ts"
import { Transactor } from "../../ports/transactor.ts"
import { UserRepository } from "../../ports/user_repository.ts"
import { issueSession } from "./issue_session.ts"
import { failedWith, releaseSlots, takeSlot } from "./throttle.ts"

/** Input of {@link loginUser}. */
export interface LoginInput {
  readonly username: Username
  readonly password: Password
  /** The caller's address as the edge sees it (the key of the per-address failure limit). */
  readonly clientAddress: string
}

const badCredentials = new Unauthenticated({ reason: "bad-credentials" })
const disabled = new Forbidden({ message: "Cannot log in: this account is disabled" })

// Only a check that ran and failed counts; anything else (success, a busy hasher, a defect, an interruption) gives
// its slots back.
const keepIfFailed = (slot: AttemptId, exit: Exit.Exit<unknown, unknown>) =>
  failedWith(exit, (e) => e instanceof Unauthenticated && e.reason === "bad-credentials")
    ? Effect.void
    : releaseSlots([slot])

// Checks the password and issues a token; fails with badCredentials for an unknown username or a wrong password.
const checkAndIssue = Effect.fn("loginUser.check")(function*(input: LoginInput) {
  const users = yield* UserRepository
  const hasher = yield* PasswordHasher
  const transactor = yield* Transactor
  const found = yield* users.findCredentials(input.username)
  if (Option.isNone(found)) {
    yield* hasher.dummyVerify(input.password)
    return yield* badCredentials
  }
  const { passwordHash, user } = found.value
  if (!(yield* hasher.verify(input.password, passwordHash))) return yield* badCredentials
  // An upgrade refused for load waits for the next login; the password was right, so the login goes on.
  const upgraded = hasher.needsRehash(passwordHash)
    ? yield* hasher.hash(input.password).pipe(Effect.catchTag("RateLimited", () => Effect.succeed(undefined)))
    : undefined
  const token = yield* transactor.withTransaction(Effect.gen(function*() {
    // Checked under the user's row lock: a disable running meanwhile either sees the new session (and revokes it)
    // or is seen here.
    if (!(yield* users.lockEnabled(user.userId))) return yield* disabled
    if (upgraded !== undefined) yield* Effect.orDie(users.updatePasswordHash(user.userId, upgraded))
    return yield* issueSession(user.userId)
  }))
  return { user, token }
})

/**
 * Checks a username and password and issues a new token. An unknown username and a wrong password fail alike
 * (same error, same hashing time); too many checks at once are RateLimited. Hashes made with weaker parameters are
 * upgraded on the way. Failed checks are limited per username and per client address (AuthSettings.throttles):
 * each check first takes a slot of both windows, kept only when it fails, so concurrent guesses can never exceed the
 * limit; once a window is full every login it covers is RateLimited, with the right password too. A user an
 * administrator disabled is Forbidden (after the password check, so it reveals nothing to a guesser).
 */
export const loginUser = Effect.fn("loginUser")(function*(input: LoginInput) {
  const { throttles } = yield* AuthSettings
  const { loginPerAddress, loginPerUsername } = throttles
  const refused = (limit: AttemptLimit) =>
    `Too many failed logins (at most ${limit.max} in ${describeWindow(limit.window)}); try again later`
  // Taking a slot is uninterruptible, so a slot taken is always either kept as a failure or given back.
  return yield* Effect.acquireUseRelease(
    takeSlot("login-username", usernameKey(input.username), loginPerUsername, refused(loginPerUsername)),
    () =>
      Effect.acquireUseRelease(
        takeSlot("login-address", input.clientAddress, loginPerAddress, refused(loginPerAddress)),
        () => checkAndIssue(input),
        keepIfFailed
      ),
    keepIfFailed
  )
})
