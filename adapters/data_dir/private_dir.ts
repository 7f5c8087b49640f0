import { Effect } from "effect"
import { chmod, lstat, readdir } from "node:fs/promises"
import { join } from "node:path"

const GROUP_OR_OTHER = 0o077

/** Thrown away: what could not be fixed is reported, not fatal (the server runs as before). */
const tryChmod = (path: string, mode: number) => chmod(path, mode).then(() => 1, () => 0)

const walk = async (path: string): Promise<number> => {
  const info = await lstat(path).catch(() => undefined)
  // Symbolic links are left alone: their target may be outside the data directory.
  if (info === undefined || info.isSymbolicLink()) return 0
  if (info.isDirectory()) {
    const own = (info.mode & GROUP_OR_OTHER) === 0 ? 0 : await tryChmod(path, 0o700)
    const entries = await readdir(path).catch(() => [] as Array<string>)
    let fixed = own
    for (const entry of entries) fixed += await walk(join(path, entry))
    return fixed
  }
  return (info.mode & GROUP_OR_OTHER) === 0 ? 0 : tryChmod(path, 0o600)
}

/**
 * Makes a data directory private to this user: directories 0700, files 0600, for whatever earlier versions (or
 * PGlite's file system layer, which creates some files 0666 whatever the umask) left readable or writable by others.
 * Yields how many entries it changed. A missing directory is nothing to do.
 */
export const makePrivate = (dir: string) =>
  Effect.promise(() => walk(dir)).pipe(Effect.withSpan("makePrivate", { attributes: { dir } }))
