import { Args, Command, Options, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Config, DateTime, Effect, Either, Layer, Logger, LogLevel, Option } from "effect"
import { readFile, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { decodeCatalogueFile, encodeCatalogueFile } from "../adapters/catalogue_file/catalogue_file.ts"
import * as LocalAssets from "../adapters/catalogue_file/local_assets.ts"
import { type CatalogueProblem, catalogueProblems } from "../core/domain/catalogue_rules.ts"
import type { CatalogueAdmin } from "../core/ports/catalogue_admin.ts"
import type { CatalogueAssets } from "../core/ports/catalogue_assets.ts"
import { CatalogueReader } from "../core/ports/catalogue_reader.ts"
import { importCatalogue } from "../core/use_cases/catalogue/import_catalogue.ts"
import { assetDirs } from "./catalogue.ts"
import { serverConfig } from "./config.ts"
import { pgliteDatabase, postgresDatabase } from "./databases.ts"

/** What a command printed and how the process should exit: 0 done, 1 the file is invalid or unreadable, 2 failed. */
export interface CliOutcome {
  readonly exitCode: 0 | 1 | 2
  readonly stdout: string
  readonly stderr: string
}

/** What the import and export commands need. */
export type CatalogueCliServices = CatalogueReader | CatalogueAdmin | CatalogueAssets

const done = (stdout: string): CliOutcome => ({ exitCode: 0, stdout, stderr: "" })
const failed = (exitCode: 1 | 2, stderr: string): CliOutcome => ({ exitCode, stdout: "", stderr })
const invalid = (file: string, problems: ReadonlyArray<CatalogueProblem>) =>
  failed(1, `${file} is not a valid catalogue (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${
    problems.map((p) => `  ${p.path}: ${p.message}\n`).join("")}`)
const counts = (c: { music: ReadonlyArray<unknown>; stickerCategories: ReadonlyArray<{ stickers: ReadonlyArray<unknown> }>; captionCategories: ReadonlyArray<{ captions: ReadonlyArray<unknown> }>; mvs: ReadonlyArray<unknown>; fonts: ReadonlyArray<unknown> }) =>
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
    if (Option.isNone(output)) return done(text)
    yield* Effect.promise(() => writeFile(output.value, text, "utf8"))
    return { exitCode: 0, stdout: "", stderr: `exported revision ${revision} to ${output.value}: ${counts(catalogue)}\n` } satisfies CliOutcome
  })

const file = Args.text({ name: "file" }).pipe(Args.withDescription("A catalogue JSON file (format: docs/catalogue.md)"))

/**
 * The `catalogue` command: import, export and validate. `services` (the database and the local assets) are built only
 * by the commands that need them; relative paths resolve against `cwd`; every outcome goes to `report`.
 */
export const catalogueCommand = <E>(
  services: Layer.Layer<CatalogueCliServices, E>,
  cwd: string,
  report: (outcome: CliOutcome) => Effect.Effect<void>
) => {
  const withServices = <R extends CatalogueCliServices>(effect: Effect.Effect<CliOutcome, never, R>) =>
    effect.pipe(
      Effect.provide(services),
      Effect.catchAllCause((cause) => Effect.succeed(failed(2, `cannot reach the catalogue: ${Cause.pretty(cause)}\n`))),
      Effect.flatMap(report)
    )
  const importCommand = Command.make("import", {
    file,
    mode: Options.choice("mode", ["replace", "upsert"]).pipe(
      Options.withDefault("replace" as const),
      Options.withDescription("replace: the catalogue becomes the file; upsert: the file's entries replace stored ones by id")
    ),
    dryRun: Options.boolean("dry-run").pipe(Options.withDescription("Validate and compute md5s; store nothing"))
  }, (a) => withServices(importFile(resolve(cwd, a.file), a.mode, a.dryRun))).pipe(
    Command.withDescription("Validate a catalogue file and import it in one transaction")
  )
  const exportCommand = Command.make("export", {
    output: Options.text("output").pipe(Options.withAlias("o"), Options.optional, Options.withDescription("Write here, not to stdout"))
  }, (a) => withServices(exportCatalogue(Option.map(a.output, (o) => resolve(cwd, o))))).pipe(
    Command.withDescription("Print the stored catalogue as a catalogue file")
  )
  const validateCommand = Command.make("validate", { file }, (a) => Effect.flatMap(validateFile(resolve(cwd, a.file)), report)).pipe(
    Command.withDescription("Check a catalogue file without touching any database")
  )
  return Command.make("catalogue").pipe(
    Command.withDescription(
      "The editor catalogue of qu-appserver. Uses DATABASE_URL, else the embedded database in QU_DATA_DIR " +
        "(stop the server first: the embedded database admits one process)."
    ),
    Command.withSubcommands([importCommand, exportCommand, validateCommand])
  )
}

const toProcess = (outcome: CliOutcome) =>
  Effect.sync(() => {
    if (outcome.stdout !== "") process.stdout.write(outcome.stdout)
    if (outcome.stderr !== "") process.stderr.write(outcome.stderr)
    process.exitCode = outcome.exitCode
  })

const main = Effect.gen(function*() {
  const config = yield* serverConfig
  // npm runs scripts from the package root; INIT_CWD is where `npm run catalogue` was typed.
  const cwd = Option.getOrElse(yield* Config.option(Config.string("INIT_CWD")), () => process.cwd())
  const database = Option.match(config.databaseUrl, {
    onNone: () => pgliteDatabase({ dataDir: join(config.dataDir, "pglite"), poolSize: 1 }),
    onSome: (url) => postgresDatabase({ url, poolSize: 2 })
  })
  const services = Layer.merge(database, LocalAssets.layer({ dirs: assetDirs(config.assetsDir), assetBaseUrl: config.assetBaseUrl }))
  const cli = Command.run(catalogueCommand(services, cwd, toProcess), { name: "qu-appserver catalogue", version: "0.1.0" })
  yield* cli(process.argv)
})

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main.pipe(
    // Usage errors are printed by @effect/cli itself; configuration errors name their variable.
    Effect.catchAll((error) =>
      Effect.sync(() => {
        if (!ValidationError.isValidationError(error)) process.stderr.write(`qu-appserver catalogue: bad configuration: ${String(error)}\n`)
        process.exitCode = 2
      })
    ),
    Effect.provide(NodeContext.layer),
    Effect.provide(Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true, colors: false }))),
    Logger.withMinimumLogLevel(LogLevel.Warning),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )
}
