import { SqlClient, type Statement } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { NotFound } from "../../core/domain/errors.ts"
import { Nickname, User, type UserCredentials, UserId, Username, usernameKey } from "../../core/domain/user.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { usernameTaken } from "../../core/domain/conflicts.ts"
import { touching, Versions } from "../versions/local_versions.ts"

/** A `users` row as selected by {@link make} (camelCase after the client's name transform). */
const UserRow = Schema.Struct({
  userId: UserId,
  username: Schema.NullOr(Username),
  passwordHash: Schema.NullOr(Schema.String),
  nickname: Nickname,
  avatarUrl: Schema.String,
  createdAt: Schema.DateTimeUtcFromDate,
  modifiedAt: Schema.NullOr(Schema.DateTimeUtcFromDate)
})
type UserRow = typeof UserRow.Type

const decodeRows = Schema.decodeUnknown(Schema.Array(UserRow))

/** A row of the admin list: the user and when it was disabled. */
const AdminRow = Schema.Struct({ ...UserRow.fields, disabledAt: Schema.NullOr(Schema.DateTimeUtcFromDate) })
const decodeAdminRows = Schema.decodeUnknown(Schema.Array(AdminRow))

const toUser = (row: UserRow) =>
  new User({
    userId: row.userId,
    username: Option.fromNullable(row.username),
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    createdAt: row.createdAt,
    modifiedAt: Option.fromNullable(row.modifiedAt)
  })

const notFound = (userId: UserId) => new NotFound({ resource: "user", id: userId })

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // A nickname shows in every list of the user's videos.
  const versions = yield* Versions
  const changesUsers = touching(versions, "users", "videos")
  // pg hands int8 over as text already; the cast keeps it text whatever type parsers a client installs.
  const columns = sql`user_id::text as user_id, username, password_hash, nickname, avatar_url, created_at, modified_at`
  const selectOne = (where: Statement.Fragment) =>
    sql`select ${columns} from users where ${where}`.pipe(
      Effect.flatMap(decodeRows),
      Effect.map((rows) => Option.fromNullable(rows[0])),
      Effect.orDie
    )

  return UserRepository.of({
    insert: Effect.fn("UserRepository.insert")(function*(input) {
      // "on conflict do nothing" instead of catching 23505: a failed statement would abort an enclosing transaction,
      // while an empty result leaves it usable, as the memory adapter does.
      const rows = yield* sql`insert into users ${
        sql.insert({
          username: input.username ?? null,
          usernameKey: input.username === undefined ? null : usernameKey(input.username),
          passwordHash: input.passwordHash ?? null,
          nickname: input.nickname,
          avatarUrl: input.avatarUrl,
          createdAt: DateTime.toDateUtc(input.createdAt)
        })
      } on conflict (username_key) do nothing returning ${columns}`.pipe(Effect.flatMap(decodeRows), Effect.orDie)
      const [row] = rows
      return row === undefined ? yield* usernameTaken : toUser(row)
    }),
    findById: Effect.fn("UserRepository.findById")(function*(userId) {
      return Option.map(yield* selectOne(sql`user_id = ${userId}`), toUser)
    }),
    findCredentials: Effect.fn("UserRepository.findCredentials")(function*(username) {
      const row = yield* selectOne(sql`username_key = ${usernameKey(username)}`)
      return Option.flatMap(row, (r): Option.Option<UserCredentials> =>
        r.passwordHash === null ? Option.none() : Option.some({ user: toUser(r), passwordHash: r.passwordHash }))
    }),
    updateNickname: Effect.fn("UserRepository.updateNickname")(function*(userId, nickname, at) {
      const rows = yield* sql`update users set nickname = ${nickname}, modified_at = ${DateTime.toDateUtc(at)}
        where user_id = ${userId} returning ${columns}`.pipe(Effect.flatMap(decodeRows), Effect.orDie, changesUsers)
      const [row] = rows
      return row === undefined ? yield* notFound(userId) : toUser(row)
    }),
    updatePasswordHash: Effect.fn("UserRepository.updatePasswordHash")(function*(userId, passwordHash) {
      const rows = yield* Effect.orDie(sql`update users set password_hash = ${passwordHash}
        where user_id = ${userId} returning user_id`).pipe(changesUsers)
      if (rows.length === 0) return yield* notFound(userId)
    }),
    list: Effect.fn("UserRepository.list")(function*(filter, page) {
      const where = [
        ...Option.toArray(Option.map(page.before, (before) => sql`user_id < ${before}::bigint`)),
        ...Option.toArray(Option.map(filter.disabled, (d) => d ? sql`disabled_at is not null` : sql`disabled_at is null`)),
        ...Option.toArray(Option.map(filter.search, (text) =>
          sql`(strpos(nickname, ${text}) > 0 or strpos(coalesce(username, ''), ${text}) > 0)`))
      ]
      const rows = yield* sql`select ${columns}, disabled_at from users where ${sql.and(where)}
        order by user_id desc limit ${page.limit}`.pipe(Effect.flatMap(decodeAdminRows), Effect.orDie)
      return rows.map((row) => ({ user: toUser(row), disabledAt: Option.fromNullable(row.disabledAt) }))
    }),
    setDisabled: Effect.fn("UserRepository.setDisabled")(function*(userId, at) {
      // Disabling keeps the first time; only a change of state writes.
      const rows = yield* Option.match(at, {
        onSome: (when) => sql`update users set disabled_at = ${DateTime.toDateUtc(when)}
          where user_id = ${userId} and disabled_at is null returning user_id`,
        onNone: () => sql`update users set disabled_at = null where user_id = ${userId} and disabled_at is not null
          returning user_id`
      }).pipe(Effect.orDie, touching(versions, "users"))
      if (rows.length > 0) return true
      if (Option.isNone(yield* selectOne(sql`user_id = ${userId}`))) return yield* notFound(userId)
      return false
    }),
    lockEnabled: Effect.fn("UserRepository.lockEnabled")(function*(userId) {
      const rows = yield* Effect.orDie(sql`select disabled_at from users where user_id = ${userId} for share`)
      return rows.length > 0 && rows[0]!.disabledAt === null
    })
  })
})

/** Users in PostgreSQL (or PGlite); needs a SqlClient whose rows have camelCase names (see client.ts). */
export const layer = Layer.effect(UserRepository, make)
