import { setTimeout as sleep } from "node:timers/promises"

/**
 * initdb runs on a second, throw-away PGlite, which leaves some 400 MB of garbage (its WebAssembly heap, a snapshot
 * of it, the data directory as a tar) that V8 collects only at its next full collection: an idle server may not run
 * one for minutes. When node runs with `--expose-gc` (as `npm start` does), a few full collections, once, give most
 * of it back (about 0.15 s); without it, nothing is forced.
 */
export const collectInitdbGarbage = async (): Promise<void> => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return
  for (let i = 0; i < 3; i++) {
    gc()
    // Apart, so that what one collection's finalizers release the next one frees.
    await sleep(50)
  }
}
