import { DateTime, Effect, Either, type Option } from "effect"
import { readFile, writeFile } from "node:fs/promises"
import { decodeCatalogueFile, encodeCatalogueFile } from "../catalogue_file/catalogue_file.ts"
import type { Catalogue } from "../../core/domain/catalogue.ts"
import { type CatalogueProblem, catalogueProblems } from "../../core/domain/catalogue_rules.ts"
import type { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import type { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { importCatalogue } from "../../core/use_cases/catalogue/import_catalogue.ts"

// What the catalogue commands do, as outcomes (text and exit code) that catalogue_cli.ts prints and tests read.

/** What a command printed and how the process should exit: 0 done, 1 the file is invalid or unreadable, 2 failed. */
export interface CliOutcome {
  readonly exitCode: 0 | 1 | 2
  readonly stdout: string
  readonly stderr: string
}

/** What the import and export commands need. */
export type CatalogueCliServices = CatalogueReader | CatalogueAdmin | CatalogueAssets

const done = (stdout: string): CliOutcome => ({ exitCode: 0, stdout, stderr: "" })
/** A failed outcome: 1 for a bad file, 2 for anything else. */
export const failed = (exitCode: 1 | 2, stderr: string): CliOutcome => ({ exitCode, stdout: "", stderr })
const invalid = (file: string, problems: ReadonlyArray<CatalogueProblem>) =>
  failed(1, `${file} is not a valid catalogue (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${
    problems.map((p) => `  ${p.path}: ${p.message}\n`).join("")}`)
const counts = (c: Catalogue) =>
  `${c.music.length} tracks, ${c.stickerCategories.length} sticker categories (${
    c.stickerCategories.reduce((n, x) => n + x.stickers.length, 0)} stickers), ${c.captionCategories.length} caption categories (${
    c.captionCategories.reduce((n, x) => n + x.captions.length, 0)} captions), ${c.mvs.length} MVs, ${c.fonts.length} fonts`

/** Reads and decodes a catalogue file; its problems, or why it cannot be read, as a failed outcome. */
const readCatalogue = (file: string) =>
  Effect.gen(function*() {
    const text = yield* Effect.tryPromise(() => readFile(file, "utf8")).pipe(
      Effect.mapError((e) => failed(1, `cannot read ${file}: ${e.cause instanceof Error ? e.cause.message : String(e.cause)}\n`))
    )
    return yield* Either.match(decodeCatalogueFile(text, yield* DateTime.now), {
      onLeft: (problems) => Effect.fail(invalid(file, problems)),
      onRight: Effect.succeed
    })
  })

/** `validate FILE`: the file alone, against the schema and the catalogue's rules; touches no database. */
export const validateFile = (file: string): Effect.Effect<CliOutcome> =>
  readCatalogue(file).pipe(
    Effect.map((catalogue) => {
      const problems = catalogueProblems(catalogue)
      return problems.length > 0 ? invalid(file, problems) : done(`${file} is a valid catalogue: ${counts(catalogue)}\n`)
    }),
    Effect.merge
  )

/** `import FILE`: validate, compute md5s of local files and store it all in one transaction (or nothing). */
export const importFile = (file: string, mode: "replace" | "upsert", dryRun: boolean) =>
  Effect.gen(function*() {
    const catalogue = yield* readCatalogue(file)
    const result = yield* importCatalogue({ catalogue, mode, dryRun }).pipe(
      Effect.catchTags({
        CatalogueRejected: (e) => Effect.fail(invalid(file, e.problems)),
        Conflict: (e) => Effect.fail(failed(2, `${e.message}; nothing was imported, run the import again\n`))
      })
    )
    const what = `${counts(result.catalogue)}; md5 computed for ${result.digested} local files`
    return done(result.stored
      ? `imported ${file} (${mode}) as revision ${result.revision}: ${what}. Running servers serve it within QU_CATALOGUE_CACHE_TTL.\n`
      : `${file} would import (${mode}, dry run): ${what}\n`)
  }).pipe(Effect.merge)

/** `export [--output FILE]`: the stored catalogue as a catalogue file, on stdout or into FILE. */
export const exportCatalogue = (output: Option.Option<string>) =>
  Effect.gen(function*() {
    const { catalogue, revision } = yield* (yield* CatalogueReader).load
    const text = encodeCatalogueFile(catalogue)
    if (output._tag === "None") return done(text)
    yield* Effect.promise(() => writeFile(output.value, text, "utf8"))
    return { exitCode: 0, stdout: "", stderr: `exported revision ${revision} to ${output.value}: ${counts(catalogue)}\n` } satisfies CliOutcome
  })
