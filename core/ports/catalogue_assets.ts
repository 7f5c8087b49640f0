import type { Effect, Option } from "effect"
import { Context } from "effect"

/** The asset files this server holds itself (behind the asset base URL). */
export class CatalogueAssets extends Context.Tag("core/CatalogueAssets")<CatalogueAssets, {
  /** The md5 (32 lower-case hex digits) of the file an asset reference names, when it is a local file that exists. */
  readonly md5: (ref: string) => Effect.Effect<Option.Option<string>>
}>() {}
