import { PGlite, type PGliteOptions } from "@electric-sql/pglite"
import { Effect } from "effect"
import { createHash, randomUUID } from "node:crypto"
import { constants } from "node:fs"
import { access, chmod, copyFile, mkdir, readdir, readFile, rename, rm } from "node:fs/promises"
import { dirname, join } from "node:path"
import { pgliteDist } from "./_artifacts.ts"
import { collectInitdbGarbage } from "./_garbage.ts"

/** Where new data directories are copied from. */
export interface TemplateOptions {
  /** The directory templates are kept in; {@link defaultTemplateCache} when not given. */
  readonly cacheDir?: string | undefined
  /** What PGlite.create is given besides the data directory: initdb's parameters make the template. */
  readonly create: PGliteOptions
}

// The package exports no package.json, so it is read from beside dist.
const pgliteRoot = () => dirname(pgliteDist())

/**
 * node_modules/.cache/qu-appserver in the node_modules that holds PGlite: a cache, like other tools' (never
 * committed, gone with `npm ci`), so each installation makes its own template from its own PGlite.
 */
export const defaultTemplateCache = (): string => join(dirname(dirname(pgliteRoot())), ".cache", "qu-appserver")

/** How {@link makeTemplate} makes a template; a change to it changes this, so older templates are not used. */
const TEMPLATE_FORMAT = 1

/**
 * The template's directory: named after what shapes it, PGlite's version and initdb's parameters (and how it is
 * made), so a new PGlite or new settings get a template of their own.
 */
const templateDir = (cacheDir: string, create: PGliteOptions) =>
  Effect.tryPromise(async () => {
    const { version } = JSON.parse(await readFile(join(pgliteRoot(), "package.json"), "utf8")) as { version: string }
    const shape = JSON.stringify([TEMPLATE_FORMAT, version, create.initDbStartParams ?? []])
    const key = createHash("sha256").update(shape).digest("hex")
    return join(cacheDir, `pglite-${version}-${key.slice(0, 12)}`)
  })

const exists = (path: string) => access(path).then(() => true, () => false)

/** Directories 0700, files 0600, as in a data directory (docs/security.md); PGlite creates some files 0666. */
const makePrivate = async (dir: string): Promise<void> => {
  await chmod(dir, 0o700)
  const entries = await readdir(dir, { withFileTypes: true })
  await Promise.all(entries.map((entry) =>
    entry.isDirectory() ? makePrivate(join(dir, entry.name)) : chmod(join(dir, entry.name), 0o600)
  ))
}

/**
 * Runs initdb once into a directory of its own (PGlite.create on an empty directory) and shuts the database down
 * cleanly, so that a copy starts without crash recovery; makes it private, as copies keep the modes of their
 * originals; then publishes it under `template` by a rename, so a template that exists is complete. When another
 * process published one first, that one serves as well.
 */
const makeTemplate = Effect.fn("PgliteTemplate.make")(function*(template: string, create: PGliteOptions) {
  const building = `${template}.${randomUUID()}.tmp`
  yield* Effect.tryPromise(async () => {
    try {
      await mkdir(dirname(template), { recursive: true })
      const db = await PGlite.create({ ...create, dataDir: building })
      await db.close()
      await makePrivate(building)
      await rename(building, template).catch((error: { code?: string }) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error
      })
    } finally {
      // Whatever was left of a failed attempt; a failure here must not hide the attempt's own.
      await rm(building, { recursive: true, force: true }).catch(() => undefined)
      await collectInitdbGarbage()
    }
  })
  yield* Effect.logInfo("PGlite: made the template for new data directories (once per installation)").pipe(
    Effect.annotateLogs({ template })
  )
})

/** Copies the tree `from` into `to`, files in parallel (a data directory is some 1,000 small files). */
const copyTree = async (from: string, to: string, skip: (name: string) => boolean = () => false): Promise<void> => {
  await mkdir(to, { recursive: true })
  const entries = await readdir(from, { withFileTypes: true })
  await Promise.all(entries.filter((entry) => !skip(entry.name)).map((entry) =>
    entry.isDirectory()
      ? copyTree(join(from, entry.name), join(to, entry.name))
      // A reflink where the file system has them, else a copy.
      : copyFile(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE)
  ))
}

/**
 * Fills the empty data directory `dataDir` with a copy of the template, making the template first if this
 * installation has none. initdb costs seconds and hundreds of MB on every new data directory (PGlite runs it on a
 * second, throw-away instance, snapshots that instance's whole heap, and moves the result over as a tar); the copy
 * costs some 0.15 s. The copy is what initdb writes for the same PGlite and parameters, started and shut down once:
 * PGlite opens it as an existing database. PG_VERSION goes last, as PGlite takes a directory that has it for a
 * database, so an interrupted copy is made again next time. Yields false, after a warning, when there is no template
 * to copy (a read-only node_modules): PGlite then runs initdb itself, as without a template.
 */
export const seedFromTemplate = Effect.fn("PgliteTemplate.seed")(function*(dataDir: string, options: TemplateOptions) {
  return yield* Effect.gen(function*() {
    const template = yield* templateDir(options.cacheDir ?? defaultTemplateCache(), options.create)
    const made = yield* Effect.promise(() => exists(join(template, "PG_VERSION")))
    if (!made) yield* makeTemplate(template, options.create)
    yield* Effect.tryPromise(async () => {
      await copyTree(template, dataDir, (name) => name === "PG_VERSION")
      await copyFile(join(template, "PG_VERSION"), join(dataDir, "PG_VERSION"))
    })
    return true
  }).pipe(
    Effect.catchAll((error) =>
      Effect.as(
        Effect.logWarning("PGlite: no template for the new data directory; running initdb in it instead", error.cause)
          .pipe(Effect.annotateLogs({ dataDir })),
        false
      )
    )
  )
})
