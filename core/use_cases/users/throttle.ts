import { Cause, DateTime, Effect, Exit, Option } from "effect"
import type { AttemptId, AttemptLimit, AttemptScope } from "../../domain/attempt.ts"
import { RateLimited } from "../../domain/errors.ts"
import { countRefusal } from "../../domain/metrics.ts"
import { AttemptRepository } from "../../ports/attempt_repository.ts"

/**
 * Takes one of the `limit.max` slots a scope and key have in any window, recorded at the current instant: its id,
 * or `refused` (a RateLimited with that message) when every slot of the window is taken.
 */
export const takeSlot = Effect.fn("takeSlot")(function*(
  scope: AttemptScope,
  key: string,
  limit: AttemptLimit,
  refused: string
) {
  const attempts = yield* AttemptRepository
  const at = yield* DateTime.now
  const slot = yield* attempts.recordUnder({ scope, key, at }, DateTime.subtractDuration(at, limit.window), limit.max)
  if (Option.isNone(slot)) {
    yield* countRefusal(scope)
    return yield* new RateLimited({ message: refused })
  }
  return slot.value
})

/** Gives back slots taken by {@link takeSlot} (attempts that turned out not to count). */
export const releaseSlots = (ids: ReadonlyArray<AttemptId>) =>
  Effect.flatMap(AttemptRepository, (attempts) => Effect.forEach(ids, attempts.remove, { discard: true }))

/** Whether `exit` is a typed failure that `predicate` accepts (defects and interruptions are not). */
export const failedWith = <E>(exit: Exit.Exit<unknown, E>, predicate: (error: E) => boolean): boolean =>
  Exit.isFailure(exit) && Option.exists(Cause.failureOption(exit.cause), predicate)
