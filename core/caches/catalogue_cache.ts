import { Clock, Duration, Effect, Option, Ref } from "effect"
import type { CatalogueSnapshot } from "../domain/catalogue.ts"
import { CatalogueAdmin } from "../ports/catalogue_admin.ts"
import { CatalogueReader } from "../ports/catalogue_reader.ts"

/** What the cache holds: a snapshot and the instant (epoch millis) until which it is served without asking again. */
export interface CachedCatalogue {
  readonly snapshot: CatalogueSnapshot
  readonly freshUntil: number
}

/** Options of {@link cachedCatalogue}. */
export interface CatalogueCacheOptions {
  /** How long a snapshot is served before the stored revision is checked again (bounds staleness across servers). */
  readonly ttl: Duration.DurationInput
  /** Told of every change of the cached state (none: dropped); runs before the change is visible to callers. */
  readonly observe?: ((state: Option.Option<CachedCatalogue>) => Effect.Effect<void>) | undefined
}

/**
 * Wraps the CatalogueReader and CatalogueAdmin in context. `load` serves a snapshot from memory until `ttl` after it
 * was last confirmed, then reads only the stored revision and reloads the catalogue when it changed; concurrent callers
 * share one refresh. A replace through the wrapped admin drops the snapshot, so this process sees its own imports at
 * once; imports by other processes are seen within `ttl`.
 */
export const cachedCatalogue = (options: CatalogueCacheOptions) =>
  Effect.gen(function*() {
    const reader = yield* CatalogueReader
    const admin = yield* CatalogueAdmin
    const ttl = Duration.toMillis(options.ttl)
    const observe = options.observe ?? (() => Effect.void)
    const state = yield* Ref.make(Option.none<CachedCatalogue>())
    const lock = yield* Effect.makeSemaphore(1)
    const publish = (next: Option.Option<CachedCatalogue>) => Effect.zipRight(observe(next), Ref.set(state, next))
    const fresh = (now: number) => Effect.map(Ref.get(state), Option.filter((s) => now < s.freshUntil))

    const refresh = lock.withPermits(1)(Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      // Another caller may have refreshed while this one waited for the lock.
      const already = yield* fresh(now)
      if (Option.isSome(already)) return already.value.snapshot
      const held = yield* Ref.get(state)
      const unchanged = Option.isSome(held) && (yield* reader.revision) === held.value.snapshot.revision
      const snapshot = unchanged ? held.value.snapshot : yield* reader.load
      yield* publish(Option.some({ snapshot, freshUntil: now + ttl }))
      return snapshot
    }))

    const load = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.flatMap(fresh(now), Option.match({ onNone: () => refresh, onSome: (s) => Effect.succeed(s.snapshot) })))

    return {
      reader: CatalogueReader.of({ revision: Effect.map(load, (s) => s.revision), load }),
      admin: CatalogueAdmin.of({
        // Dropped under the lock, so a refresh that read the old catalogue cannot publish it afterwards; dropped after
        // a Conflict too, since the stored catalogue changed.
        replace: (catalogue, expectedRevision) =>
          admin.replace(catalogue, expectedRevision).pipe(Effect.ensuring(lock.withPermits(1)(publish(Option.none()))))
      })
    }
  })
