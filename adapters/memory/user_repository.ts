import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { NotFound } from "../../core/domain/errors.ts"
import { User, type UserCredentials, type UserId, usernameKey } from "../../core/domain/user.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { usernameTaken } from "../../core/domain/conflicts.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

interface Row {
  readonly user: User
  readonly passwordHash: string | undefined
}

interface Table {
  readonly lastId: number
  readonly rows: HashMap.HashMap<UserId, Row>
}

const notFound = (userId: UserId) => new NotFound({ resource: "user", id: userId })

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<Table>("users", { lastId: 0, rows: HashMap.empty() })
  const findRow = (userId: UserId) => Effect.map(Ref.get(table), (t) => HashMap.get(t.rows, userId))
  // A nickname shows in every list of the user's videos.
  const changesUsers = touching(yield* Versions, "users", "videos")
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
    updatePasswordHash: (userId, passwordHash) => Effect.asVoid(update(userId, (row) => ({ ...row, passwordHash })))
  })
})

/** Users in memory, as strict as the SQL repository (case-insensitive unique usernames, not-found on update). */
export const layer = Layer.effect(UserRepository, make)
