import { Args, Command, Options, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Config, Effect, Layer, Logger, LogLevel, Option } from "effect"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as LocalAssets from "../adapters/catalogue_file/local_assets.ts"
import { assetDirs } from "./catalogue.ts"
import {
  type CatalogueCliServices, type CliOutcome, exportCatalogue, failed, importFile, validateFile
} from "./catalogue_commands.ts"
import { serverConfig } from "./config.ts"
import { pgliteDatabase, postgresDatabase } from "./databases.ts"

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
