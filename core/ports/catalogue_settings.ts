import type { Duration } from "effect"
import { Context } from "effect"

/** Catalogue policy from configuration. */
export class CatalogueSettings extends Context.Tag("core/CatalogueSettings")<CatalogueSettings, {
  /** Where relative asset references resolve (ends with `/`), e.g. `http://localhost:8080/assets/`. */
  readonly assetBaseUrl: string
  /** How long a music play URL stays valid after getPlayPath. */
  readonly playUrlTtl: Duration.Duration
}>() {}
