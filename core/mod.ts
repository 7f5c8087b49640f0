/** Domain errors, one tagged class per failure kind; no transport knowledge. */
export * from "./domain/errors.ts"
/** Users: ids, usernames, passwords, nicknames and the User record. */
export * from "./domain/user.ts"
/** Sessions: stored token hashes with expiry and revocation. */
export * from "./domain/session.ts"
/** Port: user storage. */
export * from "./ports/user_repository.ts"
/** Port: session storage. */
export * from "./ports/session_repository.ts"
/** Port: slow salted password hashing. */
export * from "./ports/password_hasher.ts"
/** Port: random bearer tokens and their storage hash. */
export * from "./ports/token_generator.ts"
/** Port: UUIDs and other non-sequence ids. */
export * from "./ports/id_generator.ts"
/** Port: random nicknames and avatars. */
export * from "./ports/profile_generator.ts"
/** Port: one unit of work across repositories. */
export * from "./ports/transactor.ts"
/** Port: readiness of the server's own dependencies. */
export * from "./ports/readiness.ts"
/** Port: session policy from configuration. */
export * from "./ports/auth_settings.ts"
/** Use case: register with username and password. */
export * from "./use_cases/register_user.ts"
/** Use case: log in with username and password. */
export * from "./use_cases/login_user.ts"
/** Use case: a new anonymous user with a token. */
export * from "./use_cases/random_user.ts"
/** Use case: rename oneself. */
export * from "./use_cases/update_nickname.ts"
/** Use case: token to user. */
export * from "./use_cases/authenticate.ts"
/** Use case: end one session. */
export * from "./use_cases/revoke_token.ts"
/** Shared step: issue a token for a user. */
export * from "./use_cases/issue_session.ts"
