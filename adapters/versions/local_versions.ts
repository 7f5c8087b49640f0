import { Context, Effect, FiberRef, Layer } from "effect"
import { type DataScope, DataVersions } from "../../core/ports/data_versions.ts"

const SCOPES: ReadonlyArray<DataScope> = ["videos", "users"]

// The scopes changed by the running transaction, applied when its outermost level ends; undefined outside one.
const pending = FiberRef.unsafeMake<Set<DataScope> | undefined>(undefined)

/**
 * The versions of this process (see {@link DataVersions}), advanced by the repositories' writes and, on PostgreSQL,
 * by the change listener. Version numbers only ever grow, so a reader that noted one can tell any change since.
 */
export class LocalVersions {
  readonly #versions = new Map<DataScope, number>(SCOPES.map((s) => [s, 0]))
  #live = true

  /** The version of `scope`, or undefined while not live. */
  current(scope: DataScope): number | undefined {
    return this.#live ? this.#versions.get(scope) : undefined
  }

  /** Advances `scope` now. */
  advance(scope: DataScope): void {
    this.#versions.set(scope, (this.#versions.get(scope) ?? 0) + 1)
  }

  /** Advances every scope (what changed while notices were missed is unknown). */
  advanceAll(): void {
    for (const scope of SCOPES) this.advance(scope)
  }

  /** Whether changes elsewhere reach this process; while not, nothing may be cached. Each switch advances all. */
  setLive(live: boolean): void {
    this.advanceAll()
    this.#live = live
  }

  /**
   * Records that a write changed `scope`: applied at once outside a transaction (call it after the statement), or
   * when the outermost transaction around it ends (see {@link withChanges}).
   */
  changed(scope: DataScope): Effect.Effect<void> {
    return Effect.map(FiberRef.get(pending), (set) => {
      if (set === undefined) this.advance(scope)
      else set.add(scope)
    })
  }

  /**
   * Runs a transaction so that the scopes its writes changed advance once it has ended (committed or not), before
   * the caller can acknowledge anything. A reader that started before cannot keep what it read.
   */
  withChanges<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.flatMap(FiberRef.get(pending), (outer) => {
      if (outer !== undefined) return effect
      const set = new Set<DataScope>()
      return Effect.locally(effect, pending, set).pipe(
        Effect.ensuring(Effect.sync(() => {
          for (const scope of set) this.advance(scope)
        }))
      )
    })
  }
}

/** The process's versions, for the adapters that write and the listener. */
export class Versions extends Context.Tag("adapters/versions/Versions")<Versions, LocalVersions>() {}

/** One {@link LocalVersions}, as the adapters' {@link Versions} and the core's {@link DataVersions}. */
export const layer = Layer.effectContext(Effect.sync(() => {
  const versions = new LocalVersions()
  return Context.make(Versions, versions).pipe(
    Context.add(DataVersions, DataVersions.of({ current: (scope) => versions.current(scope) }))
  )
}))

/** `effect`, then the scopes marked changed however it ends (an interrupted statement may still have committed). */
export const touching = (versions: LocalVersions, ...scopes: ReadonlyArray<DataScope>) =>
<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.ensuring(effect, Effect.forEach(scopes, (scope) => versions.changed(scope), { discard: true }))
