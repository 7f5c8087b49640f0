import { type DateTime, Schema } from "effect"

/** A user's id on the wire: a string of digits (a 64-bit sequence value). */
export const UserId = Schema.String.pipe(
  Schema.pattern(/^[1-9][0-9]{0,18}$/, { message: () => "userId must be a string of digits" }),
  Schema.brand("UserId")
)
export type UserId = typeof UserId.Type

/** A login name: 3..32 characters of `[A-Za-z0-9_.-]`, unique regardless of case. */
export const Username = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_.-]{3,32}$/, {
    message: () => "username must be 3 to 32 characters of letters, digits, '_', '.' or '-'"
  }),
  Schema.brand("Username")
)
export type Username = typeof Username.Type

/** The case-insensitive key under which a username is unique. */
export const usernameKey = (username: Username): string => username.toLowerCase()

/** A password in clear, 8..128 characters, kept in a Redacted so it never prints. */
export const Password = Schema.Redacted(
  Schema.String.pipe(
    Schema.filter((s) => s.length >= 8 && s.length <= 128 || "password must be 8 to 128 characters")
  )
)
export type Password = typeof Password.Type

/** A display name: 1..32 characters (code points), not blank, no control characters. */
export const Nickname = Schema.String.pipe(
  Schema.filter((s) => {
    const length = [...s].length
    if (length < 1 || length > 32) return "nickname must be 1 to 32 characters"
    if (s.trim().length === 0) return "nickname must not be blank"
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(s)) return "nickname must not contain control characters"
    return true
  }),
  Schema.brand("Nickname")
)
export type Nickname = typeof Nickname.Type

/** A user as the rest of the system sees it; credentials never travel with it. */
export class User extends Schema.Class<User>("User")({
  userId: UserId,
  username: Schema.OptionFromUndefinedOr(Username),
  nickname: Nickname,
  avatarUrl: Schema.String,
  createdAt: Schema.DateTimeUtcFromSelf,
  modifiedAt: Schema.OptionFromUndefinedOr(Schema.DateTimeUtcFromSelf)
}) {}

/** What a repository needs to create a user; the repository assigns the id. */
export interface NewUser {
  readonly username: Username | undefined
  readonly passwordHash: string | undefined
  readonly nickname: Nickname
  readonly avatarUrl: string
  readonly createdAt: DateTime.Utc
}

/** A user together with the stored password hash, for login only. */
export interface UserCredentials {
  readonly user: User
  readonly passwordHash: string
}
