import { type DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import { NotFound } from "../../core/domain/errors.ts"
import { User, type UserCredentials, type UserId, usernameKey } from "../../core/domain/user.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { usernameTaken } from "../../core/domain/conflicts.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

interface Row {
  readonly user: User
  readonly passwordHash: string | undefined
  readonly disabledAt?: DateTime.Utc | undefined
}

// Ids compare as numbers (they are 64-bit sequence values, as in SQL).
const below = (userId: UserId, before: UserId) => BigInt(userId) < BigInt(before)

interface Table {
  readonly lastId: number
  readonly rows: HashMap.HashMap<UserId, Row>
}

const notFound = (userId: UserId) => new NotFound({ resource: "user", id: userId })

// Whether an optional filter keeps a row: an absent one keeps every row.
const holds = <A>(filter: Option.Option<A>, keeps: (a: A) => boolean) => Option.isNone(filter) || keeps(filter.value)

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<Table>("users", { lastId: 0, rows: HashMap.empty() })
  const findRow = (userId: UserId) => Effect.map(Ref.get(table), (t) => HashMap.get(t.rows, userId))
  // A nickname shows in every list of the user's videos.
  const versions = yield* Versions
  const changesUsers = touching(versions, "users", "videos")
  const update = (userId: UserId, f: (row: Row) => Row) =>
    changesUsers(store.write(Effect.flatMap(Ref.get(table), (t) =>
      Option.match(HashMap.get(t.rows, userId), {
        onNone: () => Effect.fail(notFound(userId)),
        onSome: (row) => {
          const next = f(row)
          return Effect.as(Ref.set(table, { ...t, rows: HashMap.set(t.rows, userId, next) }), next.user)
        }
      }))))

  return UserRepository.of({
    insert: (input) =>
      store.write(Effect.flatMap(Ref.get(table), (t) => {
        if (input.username !== undefined) {
          const key = usernameKey(input.username)
          const taken = HashMap.some(t.rows, (row) => Option.exists(row.user.username, (u) => usernameKey(u) === key))
          if (taken) return Effect.fail(usernameTaken)
        }
        const userId = String(t.lastId + 1) as UserId
        const user = new User({
          userId,
          username: Option.fromNullable(input.username),
          nickname: input.nickname,
          avatarUrl: input.avatarUrl,
          createdAt: input.createdAt,
          modifiedAt: Option.none()
        })
        const row: Row = { user, passwordHash: input.passwordHash }
        return Effect.as(Ref.set(table, { lastId: t.lastId + 1, rows: HashMap.set(t.rows, userId, row) }), user)
      })),
    findById: (userId) => Effect.map(findRow(userId), Option.map((row) => row.user)),
    findCredentials: (username) =>
      Effect.map(Ref.get(table), (t) => {
        const key = usernameKey(username)
        return HashMap.findFirst(t.rows, (row) => Option.exists(row.user.username, (u) => usernameKey(u) === key)).pipe(
          Option.flatMap(([, row]): Option.Option<UserCredentials> =>
            row.passwordHash === undefined ? Option.none() : Option.some({ user: row.user, passwordHash: row.passwordHash })
          )
        )
      }),
    updateNickname: (userId, nickname, at) =>
      update(userId, (row) => ({
        ...row,
        user: new User({ ...row.user, nickname, modifiedAt: Option.some(at) })
      })),
    updatePasswordHash: (userId, passwordHash) => Effect.asVoid(update(userId, (row) => ({ ...row, passwordHash }))),
    list: (filter, page) =>
      Effect.map(Ref.get(table), (t) =>
        [...HashMap.values(t.rows)]
          .filter((row) =>
            holds(page.before, (before) => below(row.user.userId, before)) &&
            holds(filter.disabled, (disabled) => (row.disabledAt !== undefined) === disabled) &&
            holds(filter.search, (text) =>
              row.user.nickname.includes(text) || Option.exists(row.user.username, (u) => u.includes(text)))
          )
          .sort((a, b) => (below(a.user.userId, b.user.userId) ? 1 : -1))
          .slice(0, page.limit)
          .map((row) => ({ user: row.user, disabledAt: Option.fromNullable(row.disabledAt) }))),
    setDisabled: (userId, at) =>
      touching(versions, "users")(store.write(Effect.flatMap(findRow(userId), (found) => {
        if (Option.isNone(found)) return Effect.fail(notFound(userId))
        const row = found.value
        // Disabling keeps the first time; only a change of state writes.
        if ((row.disabledAt !== undefined) === Option.isSome(at)) return Effect.succeed(false)
        const next: Row = { ...row, disabledAt: Option.getOrUndefined(at) }
        return Effect.as(Ref.update(table, (t) => ({ ...t, rows: HashMap.set(t.rows, userId, next) })), true)
      }))),
    lockEnabled: (userId) =>
      Effect.map(findRow(userId), (found) => Option.isSome(found) && found.value.disabledAt === undefined)
  })
})

/** Users in memory, as strict as the SQL repository (case-insensitive unique usernames, not-found on update). */
export const layer = Layer.effect(UserRepository, make)
