import type { PGlite } from "@electric-sql/pglite"
import { Buffer } from "node:buffer"
import { query, sync } from "./_protocol.ts"

/** What the bridge needs of PGlite: narrow, so a test can put a failing engine behind the bridge. */
export type Engine = Pick<PGlite, "execProtocolRawStream" | "runExclusive" | "isInTransaction">

/** Runs frontend messages on PGlite's one session and returns all of its output. */
export const execute = async (engine: Engine, messages: Buffer): Promise<Buffer> => {
  const chunks: Array<Buffer> = []
  // The stream variant: execProtocolRaw would also parse every message into a list that PGlite keeps.
  // The chunks are views of PGlite's memory, hence the copies.
  await engine.runExclusive(() =>
    engine.execProtocolRawStream(messages, { onRawData: (data) => chunks.push(Buffer.from(data)) })
  )
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

/**
 * Ends what a departed client left on the session, its output discarded. ROLLBACK first aborts an explicit
 * transaction or the implicit one of an unsynced Execute; Sync then ends an extended-protocol batch that skips
 * messages after an error (that skipping would have ignored the ROLLBACK); a second ROLLBACK ends the explicit
 * transaction such an error had aborted.
 */
export const resetSession = async (engine: Engine): Promise<void> => {
  await execute(engine, Buffer.concat([query("ROLLBACK"), sync()]))
  if (engine.isInTransaction()) await execute(engine, query("ROLLBACK"))
}
