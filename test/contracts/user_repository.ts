import { expect, layer } from "@effect/vitest"
import { Effect, type Layer, Option } from "effect"
import type { Nickname, UserId, Username } from "../../core/domain/user.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { usernameTaken } from "../../core/domain/conflicts.ts"
import { at, newUser, uniqueUsername, unknownUserId } from "./_fixtures.ts"

const swapCase = (name: Username) =>
  [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("") as Username

/** The UserRepository contract: every adapter must pass it. The layer may be shared by all tests of the suite. */
export const userRepositoryContract = <E>(name: string, repository: Layer.Layer<UserRepository, E>) =>
  layer(repository)(name, (it) => {
    it.effect("insert() stores the user as given and assigns distinct digit-string ids", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const inputs = [newUser(uniqueUsername()), newUser(uniqueUsername()), newUser(), newUser()]
        const inserted = yield* Effect.forEach(inputs, users.insert, { concurrency: "unbounded" })
        expect(new Set(inserted.map((u) => u.userId)).size).toBe(inputs.length)
        for (const [user, input] of inserted.map((u, i) => [u, inputs[i]!] as const)) {
          expect(user.userId).toMatch(/^[1-9][0-9]*$/)
          expect(user.username).toEqual(Option.fromNullable(input.username))
          expect(user.nickname).toBe(input.nickname)
          expect(user.avatarUrl).toBe(input.avatarUrl)
          expect(user.createdAt).toEqual(input.createdAt)
          expect(user.modifiedAt).toEqual(Option.none())
          expect(yield* users.findById(user.userId)).toEqual(Option.some(user))
        }
      }))

    it.effect("insert() rejects a username taken in another letter case with the usernameTaken Conflict", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const username = uniqueUsername()
        yield* users.insert(newUser(username))
        for (const taken of [username, swapCase(username)]) {
          const error = yield* Effect.flip(users.insert(newUser(taken)))
          expect([error._tag, error.message]).toEqual([usernameTaken._tag, usernameTaken.message])
        }
      }))

    it.effect("insert() lets exactly one of concurrent inserts of a username (in any case) win", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const username = uniqueUsername()
        const attempts = [username, swapCase(username), username, swapCase(username)].map((u) => users.insert(newUser(u)))
        const [conflicts, winners] = yield* Effect.partition(attempts, (e) => e, { concurrency: "unbounded" })
        expect(winners.length).toBe(1)
        expect(conflicts.map((e) => e._tag)).toEqual(["Conflict", "Conflict", "Conflict"])
      }))

    it.effect("insert() never conflicts for anonymous users", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const first = yield* users.insert(newUser())
        const second = yield* users.insert(newUser())
        expect(first.userId).not.toBe(second.userId)
        expect(second.username).toEqual(Option.none())
      }))

    it.effect("findById() finds nothing for an unknown id", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        expect(yield* users.findById(unknownUserId)).toEqual(Option.none())
      }))

    it.effect("findCredentials() finds a user by username in any letter case, with the password hash", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const input = newUser(uniqueUsername())
        const user = yield* users.insert(input)
        for (const name of [input.username!, swapCase(input.username!), input.username!.toLowerCase() as Username]) {
          expect(yield* users.findCredentials(name)).toEqual(Option.some({ user, passwordHash: input.passwordHash }))
        }
      }))

    it.effect("findCredentials() finds nothing for an unknown username or a user without a password", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const anonymous = yield* users.insert(newUser())
        const passwordless = uniqueUsername()
        yield* users.insert({ ...newUser(passwordless), passwordHash: undefined })
        expect(yield* users.findCredentials(uniqueUsername())).toEqual(Option.none())
        expect(yield* users.findCredentials(anonymous.nickname as string as Username)).toEqual(Option.none())
        expect(yield* users.findCredentials(passwordless)).toEqual(Option.none())
      }))

    it.effect("updateNickname() sets the nickname and modifiedAt, and fails with NotFound for an unknown id", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const user = yield* users.insert(newUser(uniqueUsername()))
        const when = at("2030-03-04T05:06:07.890Z")
        const updated = yield* users.updateNickname(user.userId, "新的名字 ✓" as Nickname, when)
        expect(updated.nickname).toBe("新的名字 ✓")
        expect(updated.modifiedAt).toEqual(Option.some(when))
        expect(updated.createdAt).toEqual(user.createdAt)
        expect(yield* users.findById(user.userId)).toEqual(Option.some(updated))
        const error = yield* Effect.flip(users.updateNickname(unknownUserId, "x" as Nickname, when))
        expect([error._tag, error.resource, error.id]).toEqual(["NotFound", "user", unknownUserId])
      }))

    it.effect("updatePasswordHash() replaces the stored hash, and fails with NotFound for an unknown id", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const username = uniqueUsername()
        const user = yield* users.insert(newUser(username))
        yield* users.updatePasswordHash(user.userId, "a stronger hash")
        expect(yield* users.findCredentials(username)).toEqual(Option.some({ user, passwordHash: "a stronger hash" }))
        const error = yield* Effect.flip(users.updatePasswordHash(unknownUserId, "h"))
        expect([error._tag, error.resource, error.id]).toEqual(["NotFound", "user", unknownUserId])
      }))

    it.effect("setDisabled() disables and enables once each, keeps the first time, and lockEnabled() follows it", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const user = yield* users.insert(newUser(uniqueUsername()))
        const first = at("2030-03-01T00:00:00.000Z")
        expect(yield* users.lockEnabled(user.userId)).toBe(true)
        expect(yield* users.setDisabled(user.userId, Option.some(first))).toBe(true)
        expect(yield* users.setDisabled(user.userId, Option.some(at("2030-03-02T00:00:00.000Z")))).toBe(false)
        expect(yield* users.lockEnabled(user.userId)).toBe(false)
        const listed = yield* users.list({ search: Option.some(user.nickname), disabled: Option.none() }, { before: Option.none(), limit: 5 })
        expect(listed).toEqual([{ user, disabledAt: Option.some(first) }])
        expect(yield* users.setDisabled(user.userId, Option.none())).toBe(true)
        expect(yield* users.setDisabled(user.userId, Option.none())).toBe(false)
        expect(yield* users.lockEnabled(user.userId)).toBe(true)
        expect(yield* users.lockEnabled(unknownUserId)).toBe(false)
        const error = yield* Effect.flip(users.setDisabled(unknownUserId, Option.some(first)))
        expect([error._tag, error.id]).toEqual(["NotFound", unknownUserId])
      }))

    it.effect("list() filters by a name substring and by disabled, newest first by keyset", () =>
      Effect.gen(function*() {
        const users = yield* UserRepository
        const tag = uniqueUsername()
        const made = yield* Effect.forEach([0, 1, 2, 3], (i) => users.insert(newUser(`${tag}_${i}` as Username)))
        yield* users.setDisabled(made[1]!.userId, Option.some(at("2030-03-01T00:00:00.000Z")))
        const ids = (search: string, disabled = Option.none<boolean>(), before = Option.none<UserId>(), limit = 10) =>
          Effect.map(users.list({ search: Option.some(search), disabled }, { before, limit }), (rows) =>
            rows.map((r) => r.user.userId))
        const newestFirst = made.map((u) => u.userId).reverse()
        expect(yield* ids(tag)).toEqual(newestFirst)
        expect(yield* ids(`${tag}_2`)).toEqual([made[2]!.userId])
        expect(yield* ids(tag.toUpperCase() === tag ? "no-such-name" : tag.toUpperCase())).toEqual([])
        expect(yield* ids(tag, Option.some(true))).toEqual([made[1]!.userId])
        expect(yield* ids(tag, Option.some(false))).toEqual(newestFirst.filter((id) => id !== made[1]!.userId))
        expect(yield* ids(tag, Option.none(), Option.some(made[3]!.userId), 2)).toEqual([made[2]!.userId, made[1]!.userId])
      }))
  })
