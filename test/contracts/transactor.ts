import { expect, layer } from "@effect/vitest"
import { Cause, Effect, Exit, type Layer, Option, Ref } from "effect"
import { Conflict } from "../../core/domain/errors.ts"
import type { UserId } from "../../core/domain/user.ts"
import { SessionRepository } from "../../core/ports/session_repository.ts"
import { Transactor } from "../../core/ports/transactor.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { newSession, newUser, uniqueUsername } from "./_fixtures.ts"

/** Inserts a user and a session for them, reporting what it wrote through `written` before anything can fail. */
const writeBoth = (written: Ref.Ref<Option.Option<{ userId: UserId; tokenHash: string }>>) =>
  Effect.gen(function*() {
    const users = yield* UserRepository
    const sessions = yield* SessionRepository
    const user = yield* users.insert(newUser(uniqueUsername()))
    const session = newSession(user.userId)
    yield* sessions.insert(session)
    yield* Ref.set(written, Option.some({ userId: user.userId, tokenHash: session.tokenHash }))
  })

/** Whether the user and the session recorded in `written` are both stored. */
const stored = (written: Ref.Ref<Option.Option<{ userId: UserId; tokenHash: string }>>) =>
  Effect.gen(function*() {
    const { tokenHash, userId } = Option.getOrThrow(yield* Ref.get(written))
    const user = yield* (yield* UserRepository).findById(userId)
    const session = yield* (yield* SessionRepository).findByTokenHash(tokenHash)
    return [Option.isSome(user), Option.isSome(session)]
  })

/** The Transactor contract, over the repositories whose writes it must make atomic. */
export const transactorContract = <E>(
  name: string,
  repositories: Layer.Layer<Transactor | UserRepository | SessionRepository, E>
) =>
  layer(repositories)(name, (it) => {
    it.effect("withTransaction() keeps a user insert and a session insert when the effect succeeds", () =>
      Effect.gen(function*() {
        const transactor = yield* Transactor
        const written = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        const result = yield* transactor.withTransaction(Effect.as(writeBoth(written), "done"))
        expect(result).toBe("done")
        expect(yield* stored(written)).toEqual([true, true])
      }))

    it.effect("withTransaction() undoes a user insert and a session insert when the effect fails", () =>
      Effect.gen(function*() {
        const transactor = yield* Transactor
        const written = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        const failure = new Conflict({ message: "Cannot finish: on purpose" })
        const error = yield* Effect.flip(transactor.withTransaction(Effect.zipRight(writeBoth(written), failure)))
        // Compared by fields: the SQL transactor's span machinery hands back an equal copy, not the same object.
        expect([error._tag, error.message]).toEqual([failure._tag, failure.message])
        expect(yield* stored(written)).toEqual([false, false])
      }))

    it.effect("withTransaction() undoes the writes when the effect dies", () =>
      Effect.gen(function*() {
        const transactor = yield* Transactor
        const written = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        const exit = yield* Effect.exit(transactor.withTransaction(
          Effect.zipRight(writeBoth(written), Effect.dieMessage("on purpose"))
        ))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(yield* stored(written)).toEqual([false, false])
      }))

    it.effect("withTransaction() stays usable after a Conflict caught inside it, and keeps the later writes", () =>
      Effect.gen(function*() {
        const transactor = yield* Transactor
        const users = yield* UserRepository
        const taken = uniqueUsername()
        yield* users.insert(newUser(taken))
        const written = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        yield* transactor.withTransaction(Effect.gen(function*() {
          const conflict = yield* Effect.flip(users.insert(newUser(taken)))
          expect(conflict._tag).toBe("Conflict")
          yield* writeBoth(written)
        }))
        expect(yield* stored(written)).toEqual([true, true])
      }))

    it.effect("a nested withTransaction() that fails undoes only its own writes (savepoint)", () =>
      Effect.gen(function*() {
        const transactor = yield* Transactor
        const outer = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        const inner = yield* Ref.make(Option.none<{ userId: UserId; tokenHash: string }>())
        yield* transactor.withTransaction(Effect.gen(function*() {
          yield* writeBoth(outer)
          const failure = new Conflict({ message: "Cannot finish: on purpose" })
          yield* Effect.flip(transactor.withTransaction(Effect.zipRight(writeBoth(inner), failure)))
        }))
        expect(yield* stored(outer)).toEqual([true, true])
        expect(yield* stored(inner)).toEqual([false, false])
      }))
  })
