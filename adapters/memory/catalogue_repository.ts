import { Context, Effect, Layer, Ref } from "effect"
import { type CatalogueSnapshot, emptyCatalogue } from "../../core/domain/catalogue.ts"
import { canonicalCatalogue, catalogueChanged, catalogueProblems } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { MemoryStore } from "./store.ts"

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<CatalogueSnapshot>("catalogue", { revision: 0, catalogue: emptyCatalogue })
  const reader = CatalogueReader.of({
    revision: Effect.map(Ref.get(table), (s) => s.revision),
    load: Ref.get(table)
  })
  const admin = CatalogueAdmin.of({
    replace: (catalogue, expectedRevision) =>
      store.write(Effect.gen(function*() {
        // The SQL schema refuses such a catalogue (keys, references); the fake must not be more lenient.
        const problems = catalogueProblems(catalogue)
        if (problems.length > 0) return yield* Effect.dieMessage(`invalid catalogue: ${problems[0]!.path} ${problems[0]!.message}`)
        const { revision } = yield* Ref.get(table)
        if (revision !== expectedRevision) return yield* catalogueChanged(expectedRevision, revision)
        yield* Ref.set(table, { revision: revision + 1, catalogue: canonicalCatalogue(catalogue) })
        return revision + 1
      }))
  })
  return Context.make(CatalogueReader, reader).pipe(Context.add(CatalogueAdmin, admin))
})

/** The catalogue in memory, as strict as the SQL repository (revision check, valid catalogues only). */
export const layer = Layer.effectContext(make)
