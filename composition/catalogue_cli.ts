import { Config, Effect, Layer, Option } from "effect"
import { join } from "node:path"
import * as LocalAssets from "../adapters/catalogue_file/local_assets.ts"
import { runCatalogueCommand, runCatalogueMain } from "../adapters/cli/catalogue_cli.ts"
import { assetDirs } from "./catalogue.ts"
import { serverConfig } from "./config.ts"
import { pgliteDatabase, postgresDatabase } from "./databases.ts"

// `npm run catalogue`: the catalogue command (adapters/cli) on the configured database and the local assets.
runCatalogueMain(Effect.gen(function*() {
  const config = yield* serverConfig
  // npm runs scripts from the package root; INIT_CWD is where `npm run catalogue` was typed.
  const cwd = Option.getOrElse(yield* Config.option(Config.string("INIT_CWD")), () => process.cwd())
  const database = Option.match(config.databaseUrl, {
    onNone: () => pgliteDatabase({ dataDir: join(config.dataDir, "pglite"), poolSize: 1 }),
    onSome: (url) => postgresDatabase({ url, poolSize: 2 })
  })
  const assets = LocalAssets.layer({ dirs: assetDirs(config.assetsDir), assetBaseUrl: config.assetBaseUrl })
  yield* runCatalogueCommand(Layer.merge(database, assets), cwd)
}))
