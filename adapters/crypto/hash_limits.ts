import { Config, Duration, Effect, Option, Ref } from "effect"
import { availableParallelism } from "node:os"
import { RateLimited } from "../../core/domain/errors.ts"

/** How many password hashes may run at once, how many more may wait for a turn, and for how long. */
export interface HashLimits {
  readonly concurrency: number
  readonly queue: number
  /** The longest a caller waits for its turn before it is refused; a phone gives up on a request after ~10 s. */
  readonly maxWait: Duration.DurationInput
}

/**
 * One hash at a time on two cores, at most two: each holds one of libuv's four threads (which files and DNS share)
 * and ~128 MiB for ~0.2 s, so more at once only queues other work behind them.
 */
export const defaultHashConcurrency = () => Math.min(2, Math.max(1, availableParallelism() - 1))
/** Waiting hashes beyond the running ones; about three seconds of sign-ins at one at a time. */
export const DEFAULT_HASH_QUEUE = 16
/** How long a caller may wait for its turn: a hash runs 0.2 s on a quiet machine, seconds on a busy one. */
export const DEFAULT_HASH_MAX_WAIT = Duration.seconds(4)

/**
 * The one declaration of QU_PASSWORD_HASH_CONCURRENCY (1 to 64; by default from the machine's cores, worked out when
 * the configuration is read) and QU_PASSWORD_HASH_QUEUE (0 to 10000); a bad value fails with the variable's name.
 */
export const hashLimitsConfig: Config.Config<{ readonly concurrency: number; readonly queue: number }> = Config.all({
  // Validated before the default is attached: only then does a bad value's error name the variable.
  concurrency: Config.option(Config.integer("QU_PASSWORD_HASH_CONCURRENCY").pipe(
    Config.validate({ message: "must be an integer from 1 to 64", validation: (n) => n >= 1 && n <= 64 })
  )).pipe(Config.map(Option.getOrElse(defaultHashConcurrency))),
  queue: Config.integer("QU_PASSWORD_HASH_QUEUE").pipe(
    Config.validate({ message: "must be an integer from 0 to 10000", validation: (n) => n >= 0 && n <= 10_000 }),
    Config.withDefault(DEFAULT_HASH_QUEUE)
  )
})

const refused = new RateLimited({ message: "Too many sign-ins at once; retry in a moment" })

/**
 * A gate for hashing work: a semaphore of `concurrency` permits, and a count of admitted callers (running or waiting)
 * that refuses a caller at once, with RateLimited, when `concurrency + queue` are already in; a caller still waiting
 * for its turn after `maxWait` is refused too, so a slow machine answers "429" instead of not answering.
 */
export const bounded = (limits?: Partial<HashLimits>) =>
  Effect.gen(function*() {
    const concurrency = limits?.concurrency ?? defaultHashConcurrency()
    const capacity = concurrency + (limits?.queue ?? DEFAULT_HASH_QUEUE)
    const permits = yield* Effect.makeSemaphore(concurrency)
    const admitted = yield* Ref.make(0)
    const turn = Effect.timeoutFail(permits.take(1), {
      duration: limits?.maxWait ?? DEFAULT_HASH_MAX_WAIT,
      onTimeout: () => refused
    })
    // Uninterruptible once started: an abandoned hash holds its thread until it ends, so it keeps its permit.
    const inTurn = <A>(work: Effect.Effect<A>) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.zipRight(restore(turn), Effect.ensuring(work, permits.release(1))))
    return <A>(work: Effect.Effect<A>): Effect.Effect<A, RateLimited> =>
      Effect.acquireUseRelease(
        Ref.modify(admitted, (n): readonly [boolean, number] => n < capacity ? [true, n + 1] : [false, n]),
        (admit) => admit ? inTurn(work) : Effect.fail(refused),
        (admit) => admit ? Ref.update(admitted, (n) => n - 1) : Effect.void
      )
  })
