import type { Effect } from "effect"
import { Context } from "effect"
import type { Catalogue } from "../domain/catalogue.ts"
import type { Conflict } from "../domain/errors.ts"

/** Writes the stored catalogue, always whole and in one transaction. */
export class CatalogueAdmin extends Context.Tag("core/CatalogueAdmin")<CatalogueAdmin, {
  /**
   * Replaces the whole catalogue atomically and returns the new revision, provided the stored revision is still
   * `expectedRevision`; otherwise (someone imported meanwhile) a Conflict, and nothing changes. The catalogue must
   * satisfy catalogueProblems (an invalid one is a defect and changes nothing). Upsert is a merge before a replace.
   */
  readonly replace: (catalogue: Catalogue, expectedRevision: number) => Effect.Effect<number, Conflict>
}>() {}
