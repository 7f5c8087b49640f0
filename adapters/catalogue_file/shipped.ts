import { type DateTime, Effect, Either } from "effect"
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import type { Catalogue } from "../../core/domain/catalogue.ts"
import { decodeCatalogueFile } from "./catalogue_file.ts"

// The build copies shipped/ next to the compiled module, so the same relative URL works from source and from dist.
const shipped = new URL("./shipped/", import.meta.url)

/** The catalogue file the repository ships, loaded on a first start. */
export const DEFAULT_CATALOGUE_FILE = fileURLToPath(new URL("default_catalogue.json", shipped))

/** Placeholder pictures and avatars the repository ships; served under /assets/ after QU_DATA_DIR/assets. */
export const SHIPPED_ASSETS_DIR = fileURLToPath(new URL("assets/", shipped))

/** The shipped default catalogue; entries without `createdAt` get `importedAt`. A broken shipped file is a defect. */
export const loadDefaultCatalogue = (importedAt: DateTime.Utc): Effect.Effect<Catalogue> =>
  Effect.promise(() => readFile(DEFAULT_CATALOGUE_FILE, "utf8")).pipe(
    Effect.flatMap((text) =>
      Either.match(decodeCatalogueFile(text, importedAt), {
        onLeft: (problems) =>
          Effect.dieMessage(`${DEFAULT_CATALOGUE_FILE} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join("; ")}`),
        onRight: Effect.succeed
      })
    ),
    Effect.withSpan("loadDefaultCatalogue")
  )
