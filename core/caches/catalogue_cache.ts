import { Context, Duration, Effect, Option } from "effect"
import type { CatalogueSnapshot } from "../domain/catalogue.ts"
import { CatalogueAdmin } from "../ports/catalogue_admin.ts"
import { CatalogueReader } from "../ports/catalogue_reader.ts"
import { makeReusedValue } from "./reused_value.ts"

/** What the catalogue cache serves now, for readers that cannot run an Effect per request (the HTTP read lane). */
export class CatalogueCache extends Context.Tag("core/CatalogueCache")<CatalogueCache, {
  /**
   * Synchronous: the snapshot the cached CatalogueReader serves at `nowMillis` without asking the store, else
   * undefined (then read through CatalogueReader). Stays the same object while the stored revision is unchanged, so
   * a reader may memoize what it derives from it by identity.
   */
  readonly peek: (nowMillis: number) => CatalogueSnapshot | undefined
}>() {}

/** Options of {@link cachedCatalogue}. */
export interface CatalogueCacheOptions {
  /** How long a snapshot is served before the stored revision is checked again (bounds staleness across servers). */
  readonly ttl: Duration.DurationInput
}

/**
 * Wraps the CatalogueReader and CatalogueAdmin in context (a `ReusedValue`, reused_value.ts). `load` serves a snapshot
 * from memory until `ttl` after it was last confirmed, then reads only the stored revision and reloads the catalogue
 * when it changed; concurrent callers share one refresh. A replace through the wrapped admin invalidates the snapshot
 * (after a Conflict too: the stored catalogue changed), so no later read in this process, `peek` included, sees the
 * catalogue it replaced; imports by other processes are seen within `ttl`.
 */
export const cachedCatalogue = (options: CatalogueCacheOptions) =>
  Effect.gen(function*() {
    const reader = yield* CatalogueReader
    const admin = yield* CatalogueAdmin
    const ttl = Duration.toMillis(options.ttl)
    const snapshot = yield* makeReusedValue<CatalogueSnapshot, never>({
      compute: Option.match({
        onNone: () => reader.load,
        onSome: (held: CatalogueSnapshot) =>
          Effect.flatMap(reader.revision, (revision) => revision === held.revision ? Effect.succeed(held) : reader.load)
      }),
      freshUntil: (_, startedAt) => startedAt + ttl
    })
    return {
      reader: CatalogueReader.of({ revision: Effect.map(snapshot.get, (s) => s.revision), load: snapshot.get }),
      admin: CatalogueAdmin.of({
        replace: (catalogue, expectedRevision) =>
          admin.replace(catalogue, expectedRevision).pipe(Effect.ensuring(snapshot.invalidate))
      }),
      cache: CatalogueCache.of({ peek: snapshot.peek })
    }
  })
