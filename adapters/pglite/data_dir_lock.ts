import { Effect } from "effect"
import { mkdir, open, readFile, rm } from "node:fs/promises"
import { dirname } from "node:path"
import { PgliteLaunchError } from "./launch_error.ts"

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: string }).code === "EPERM"
  }
}

const acquire = async (path: string): Promise<void> => {
  try {
    const handle = await open(path, "wx")
    await handle.writeFile(String(process.pid))
    await handle.close()
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error
    const holder = Number((await readFile(path, "utf8").catch(() => "")).trim())
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new Error(`process ${holder} is using it; stop that server (or command) first`)
    }
    // A lock left by a process that is gone: take it over.
    await rm(path, { force: true })
    await acquire(path)
  }
}

/**
 * Holds an exclusive lock on a PGlite data directory for the scope: PGlite is single-process, and a second process
 * (a second server, or the catalogue CLI while the server runs) opening the same files would corrupt them.
 */
export const lockDataDir = (dataDir: string) => {
  // Beside the directory, not in it: PGlite owns its contents.
  const path = `${dataDir}.lock`
  return Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        await mkdir(dirname(path), { recursive: true })
        await acquire(path)
      },
      catch: (cause) =>
        new PgliteLaunchError({
          message: `Cannot use the embedded database in ${dataDir}: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause
        })
    }),
    () => Effect.promise(() => rm(path, { force: true }))
  )
}
