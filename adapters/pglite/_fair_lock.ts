/**
 * An exclusive lock handed to waiters in arrival order. The holder keeps it across any number of awaits until it
 * releases it; `onContention` tells the holder that someone started waiting.
 */
export class FairLock<Owner> {
  #owner: Owner | undefined
  readonly #waiters: Array<{ readonly owner: Owner; readonly grant: (granted: boolean) => void }> = []
  readonly #onContention: (holder: Owner) => void

  constructor(onContention: (holder: Owner) => void) {
    this.#onContention = onContention
  }

  get owner(): Owner | undefined {
    return this.#owner
  }

  get contended(): boolean {
    return this.#waiters.length > 0
  }

  /** Resolves true once `owner` holds the lock, or false if {@link cancel} withdrew it first. */
  acquire(owner: Owner): Promise<boolean> {
    if (this.#owner === undefined || this.#owner === owner) {
      this.#owner = owner
      return Promise.resolve(true)
    }
    const holder = this.#owner
    return new Promise((grant) => {
      this.#waiters.push({ owner, grant })
      this.#onContention(holder)
    })
  }

  /** Hands the lock to the longest waiter; does nothing unless `owner` holds it. */
  release(owner: Owner): void {
    if (this.#owner !== owner) return
    const next = this.#waiters.shift()
    this.#owner = next?.owner
    next?.grant(true)
  }

  /** Withdraws a waiting `owner` (its acquire resolves false); a holder must release instead. */
  cancel(owner: Owner): void {
    const at = this.#waiters.findIndex((waiter) => waiter.owner === owner)
    if (at >= 0) this.#waiters.splice(at, 1)[0]!.grant(false)
  }
}
