/**
 * A bounded map whose entries are valid for one version of their data (see the DataVersions port): the keyed kind of
 * cache (docs/caches.md; the single-value kind is `ReusedValue`). When the version moves on, every entry is dropped;
 * an entry read under an older version is never kept; with no version (undefined: changes could be missed) nothing is
 * kept. The oldest entry goes first when full. Synchronous throughout, as hot paths read it on every request; a reader
 * notes {@link version} before it reads, like `ReusedValue` notes its generation.
 */
export class VersionedMap<V> {
  readonly #entries = new Map<string, V>()
  readonly #current: () => number | undefined
  readonly #capacity: number
  #version: number | undefined

  constructor(current: () => number | undefined, capacity: number) {
    this.#current = current
    this.#capacity = capacity
  }

  /** The version a reader notes before it reads what it may later {@link set}. */
  version(): number | undefined {
    return this.#current()
  }

  /** The entry of `key`, if kept under the current version. */
  get(key: string): V | undefined {
    const version = this.#current()
    if (version !== this.#version) {
      this.#entries.clear()
      this.#version = version
      return undefined
    }
    return version === undefined ? undefined : this.#entries.get(key)
  }

  /** Keeps `value`, read under `readAt`, unless the version has moved since. */
  set(key: string, value: V, readAt: number | undefined): void {
    if (readAt === undefined || this.#current() !== readAt) return
    if (this.#version !== readAt) {
      this.#entries.clear()
      this.#version = readAt
    }
    if (this.#entries.size >= this.#capacity && !this.#entries.has(key)) {
      this.#entries.delete(this.#entries.keys().next().value!)
    }
    this.#entries.set(key, value)
  }

  /** Drops one entry. */
  delete(key: string): void {
    this.#entries.delete(key)
  }

  /** How many entries are kept. */
  get size(): number {
    return this.#entries.size
  }
}
