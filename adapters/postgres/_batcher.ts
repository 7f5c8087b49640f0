import { Effect, Exit, Runtime } from "effect"

interface Waiting<K, A> {
  readonly key: K
  readonly resume: (effect: Effect.Effect<A>) => void
}

/**
 * Runs many small reads as few statements: a read starts at once while fewer than `maxInFlight` statements run;
 * otherwise it waits, and when one finishes every waiting read (up to `maxBatch`) goes in the next statement. So an
 * idle server adds no delay, and a loaded one sends one statement for a whole queue. `run` answers one result per
 * key, in order; its failure (a defect: reads have no typed errors) fails every read of its batch. A read interrupted
 * while waiting leaves the queue; one already sent is answered and dropped.
 */
export const makeBatcher = <K, A>(
  run: (keys: ReadonlyArray<K>) => Effect.Effect<ReadonlyArray<A>>,
  options: { readonly maxInFlight: number; readonly maxBatch: number }
) =>
  Effect.map(Effect.runtime<never>(), (runtime) => {
    const runCallback = Runtime.runCallback(runtime)
    const queue: Array<Waiting<K, A>> = []
    let inFlight = 0
    const pump = () => {
      while (inFlight < options.maxInFlight && queue.length > 0) {
        const batch = queue.splice(0, options.maxBatch)
        inFlight++
        runCallback(run(batch.map((w) => w.key)), {
          onExit: (exit) => {
            inFlight--
            if (Exit.isSuccess(exit)) batch.forEach((w, i) => w.resume(Effect.succeed(exit.value[i]!)))
            else batch.forEach((w) => w.resume(exit as Exit.Exit<never>))
            pump()
          }
        })
      }
    }
    return (key: K): Effect.Effect<A> =>
      Effect.async<A>((resume) => {
        const waiting: Waiting<K, A> = { key, resume }
        queue.push(waiting)
        pump()
        return Effect.sync(() => {
          const at = queue.indexOf(waiting)
          if (at !== -1) queue.splice(at, 1)
        })
      })
  })
