import { Args, Command, Options, ValidationError } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Effect, type Layer, Logger, LogLevel, Option } from "effect"
import { resolve } from "node:path"
import {
  type CatalogueCliServices, type CliOutcome, exportCatalogue, failed, importFile, validateFile
} from "./catalogue_commands.ts"

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

/** Runs the `catalogue` command on this process's arguments, printing outcomes and setting its exit code. */
export const runCatalogueCommand = <E>(services: Layer.Layer<CatalogueCliServices, E>, cwd: string) =>
  Command.run(catalogueCommand(services, cwd, toProcess), { name: "qu-appserver catalogue", version: "0.1.0" })(
    process.argv
  )

/**
 * Runs the catalogue program as the process's main: usage errors are printed by @effect/cli itself, any other
 * failure (a bad configuration) as one line naming it; both exit 2. Logs below warnings are dropped, the rest go to
 * stderr, so stdout carries only what the command prints.
 */
export const runCatalogueMain = <E>(program: Effect.Effect<void, E, NodeContext.NodeContext>) =>
  program.pipe(
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
