import { Clock, Deferred, Effect, Exit, Option } from "effect"

/** Options of {@link makeReusedValue}. */
export interface ReusedValueOptions<A, E> {
  /**
   * Computes the value. `previous` is the last value kept, fresh or not (none at first and after an invalidation), so
   * a computation may confirm it cheaply and return it as is (the same object: readers that memoize by identity keep
   * what they derived from it).
   */
  readonly compute: (previous: Option.Option<A>) => Effect.Effect<A, E>
  /** Until when (epoch millis, exclusive) `value`, whose computation started at `startedAt`, is reused as is. */
  readonly freshUntil: (value: A, startedAt: number) => number
}

/**
 * One value reused while it is fresh: the "single value" kind of cache (docs/caches.md). Every cache of one value in
 * core is one of these; the keyed kind is `VersionedMap` (versioned_map.ts).
 */
export interface ReusedValue<A, E> {
  /**
   * The kept value while fresh on the clock of the caller; otherwise one computation shared by every caller that
   * comes meanwhile (single flight). The computation runs detached from its callers, so one that goes away does not
   * cancel it for the others; a failure reaches every waiter and is not kept, so the next caller computes again.
   */
  readonly get: Effect.Effect<A, E>
  /** Synchronous, for hot paths: the kept value if fresh at `nowMillis`, else undefined (then use `get`). */
  readonly peek: (nowMillis: number) => A | undefined
  /**
   * Drops the kept value, and makes sure no computation started before is kept or joined: every `get` that starts
   * after this returns a value computed after it (read-your-writes for the invalidating writer).
   */
  readonly invalidate: Effect.Effect<void>
}

interface Kept<A> {
  readonly value: A
  readonly freshUntil: number
}

/**
 * A {@link ReusedValue} computed by `options.compute`. Its state lives in plain variables changed only inside
 * synchronous steps of the Effect runtime (as a Ref's would), so `peek` can read it without running an Effect.
 */
export const makeReusedValue = <A, E>(options: ReusedValueOptions<A, E>): Effect.Effect<ReusedValue<A, E>> =>
  Effect.sync(() => {
    let kept: Kept<A> | undefined
    let inFlight: Deferred.Deferred<A, E> | undefined
    // Moves on at every invalidation; a computation keeps its result only if it has not moved since it started.
    let generation = 0

    const fresh = (now: number): Kept<A> | undefined => kept !== undefined && now < kept.freshUntil ? kept : undefined

    // Runs one computation on its own fiber and settles `pending` with its exit.
    const lead = (pending: Deferred.Deferred<A, E>, startedAt: number) => {
      const startedIn = generation
      return options.compute(Option.fromNullable(kept).pipe(Option.map((k) => k.value))).pipe(
        Effect.exit,
        Effect.flatMap((exit) =>
          Effect.suspend(() => {
            if (inFlight === pending) inFlight = undefined
            if (Exit.isSuccess(exit) && startedIn === generation) {
              kept = { value: exit.value, freshUntil: options.freshUntil(exit.value, startedAt) }
            }
            return Deferred.done(pending, exit)
          })
        ),
        Effect.forkDaemon
      )
    }

    // Uninterruptible until the computation is forked, so an interrupted caller cannot leave a Deferred unsettled.
    const refresh = (now: number) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Deferred.make<A, E>(), (mine) =>
          Effect.suspend(() => {
            const hit = fresh(now)
            if (hit !== undefined) return Effect.succeed(hit.value)
            if (inFlight !== undefined) return restore(Deferred.await(inFlight))
            inFlight = mine
            return Effect.zipRight(lead(mine, now), restore(Deferred.await(mine)))
          })
        )
      )

    const get = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const hit = fresh(now)
      return hit !== undefined ? Effect.succeed(hit.value) : refresh(now)
    })

    const invalidate = Effect.sync(() => {
      generation++
      kept = undefined
      inFlight = undefined
    })

    return { get, peek: (nowMillis: number) => fresh(nowMillis)?.value, invalidate }
  })
