import type { Effect } from "effect"
import { Context } from "effect"
import type { CatalogueSnapshot } from "../domain/catalogue.ts"

/** Reads the stored catalogue. Infrastructure failures are defects; an empty store reads as revision 0, no entries. */
export class CatalogueReader extends Context.Tag("core/CatalogueReader")<CatalogueReader, {
  /** The stored revision alone: 0 before the first import, one more with every import (a cheap freshness check). */
  readonly revision: Effect.Effect<number>
  /** The whole catalogue with its revision, in canonical order (see canonicalCatalogue). */
  readonly load: Effect.Effect<CatalogueSnapshot>
}>() {}
