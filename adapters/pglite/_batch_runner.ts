import type { Buffer } from "node:buffer"
import { performance } from "node:perf_hooks"
import { type Engine, execute, resetSession } from "./_engine.ts"
import type { FairLock } from "./_fair_lock.ts"
import { errorResponse, FLUSH, IDLE, lastReadyStatus, TERMINATE } from "./_protocol.ts"

/** What the runners of one bridge share: PGlite, the lock over its one session, and limits. */
export interface Turns {
  readonly engine: Engine
  readonly lock: FairLock<BatchRunner>
  readonly idleInTransactionTimeout: number
  readonly warn: (message: string, cause: unknown) => void
}

/** The connection a runner serves: where output goes, and how to close it (with a last message). */
export interface Peer {
  readonly write: (output: Buffer) => void
  readonly close: (reply?: Buffer) => void
}

/** Frontend messages that run together on PGlite, up to and including `end` (Sync, Query, Flush … or Terminate). */
export interface Batch {
  readonly bytes: Buffer
  readonly end: number
}

/**
 * Runs one connection's batches on PGlite in turn with the other connections. It holds the lock from the start of a
 * batch until a batch ends with ReadyForQuery 'I', so no one else runs inside its transaction or unfinished batch.
 */
export class BatchRunner {
  readonly #turns: Turns
  readonly #peer: Peer
  readonly #queue: Array<Batch> = []
  #drain: Promise<void> = Promise.resolve()
  #draining = false
  #executing = false
  #stopped = false
  // PGlite holds state of this connection: a transaction, or a batch not yet ended by ReadyForQuery 'I'.
  #dirty = false
  #lastActive = performance.now()
  #idleTimer: ReturnType<typeof setTimeout> | undefined

  constructor(turns: Turns, peer: Peer) {
    this.#turns = turns
    this.#peer = peer
  }

  /** Queues a batch; batches run in the order they came. */
  push(batch: Batch): void {
    if (this.#stopped) return
    this.#queue.push(batch)
    if (this.#draining) return
    this.#draining = true
    this.#drain = this.#runQueue()
      .catch((cause) => this.#turns.warn("PGlite bridge connection failed", cause))
      .finally(() => (this.#draining = false))
  }

  /** The client sent something: it is not idle. */
  touch(): void {
    this.#lastActive = performance.now()
    if (this.#idleTimer === undefined) return
    this.#disarm()
    this.#arm()
  }

  /** Called by the lock when another connection starts waiting behind this one. */
  contended(): void {
    this.#arm()
  }

  /** Drops queued batches, lets an in-flight one end, then rolls back what is left on PGlite and frees the lock. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#queue.length = 0
    this.#disarm()
    const { engine, lock, warn } = this.#turns
    lock.cancel(this)
    await this.#drain
    if (lock.owner !== this) return
    try {
      if (this.#dirty) await resetSession(engine)
    } catch (cause) {
      warn("Cannot roll back what a closed connection left on PGlite", cause)
    } finally {
      lock.release(this)
    }
  }

  async #runQueue(): Promise<void> {
    for (let batch = this.#queue.shift(); batch !== undefined; batch = this.#queue.shift()) {
      // Terminate in its turn, after the batches sent before it.
      if (batch.end === TERMINATE) return this.#peer.close()
      // False: the connection closed while it waited.
      if (!(await this.#turns.lock.acquire(this)) || this.#stopped) return
      await this.#run(batch)
    }
  }

  async #run(batch: Batch): Promise<void> {
    this.#disarm()
    this.#executing = true
    this.#dirty = true
    let output: Buffer
    try {
      output = await execute(this.#turns.engine, batch.bytes)
    } catch (cause) {
      this.#turns.warn("PGlite failed while running a batch; closing its connection", cause)
      const text = `PGlite failed: ${cause instanceof Error ? cause.message : String(cause)}`
      return this.#peer.close(errorResponse("FATAL", "XX000", text))
    } finally {
      this.#executing = false
      this.#lastActive = performance.now()
    }
    this.#peer.write(output)
    if (batch.end !== FLUSH && lastReadyStatus(output) === IDLE) {
      this.#dirty = false
      this.#turns.lock.release(this)
    } else {
      this.#arm()
    }
  }

  // The idle-in-transaction timeout runs only while this runner holds the lock between batches and someone waits.
  #arm(): void {
    const { idleInTransactionTimeout: timeout, lock } = this.#turns
    if (this.#idleTimer !== undefined || this.#stopped || !(timeout > 0)) return
    if (this.#executing || lock.owner !== this || !lock.contended) return
    const left = Math.max(0, this.#lastActive + timeout - performance.now())
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined
      if (this.#executing || lock.owner !== this || !lock.contended) return
      this.#peer.close(errorResponse("FATAL", "25P03", "terminating connection due to idle-in-transaction timeout"))
    }, left)
  }

  #disarm(): void {
    clearTimeout(this.#idleTimer)
    this.#idleTimer = undefined
  }
}
