import { Effect, Option } from "effect"
import { type Catalogue, emptyCatalogue } from "../../domain/catalogue.ts"
import { canonicalCatalogue, CatalogueRejected, catalogueProblems, mergeCatalogues } from "../../domain/catalogue_rules.ts"
import { CatalogueAdmin } from "../../ports/catalogue_admin.ts"
import { CatalogueAssets } from "../../ports/catalogue_assets.ts"
import { CatalogueReader } from "../../ports/catalogue_reader.ts"

/** Input of {@link importCatalogue}. */
export interface ImportInput {
  readonly catalogue: Catalogue
  /** replace: the catalogue becomes exactly this one; upsert: merged into the stored one (see mergeCatalogues). */
  readonly mode: "replace" | "upsert"
  /** Validate and compute md5s, but store nothing. */
  readonly dryRun?: boolean | undefined
}

/** What an import did. */
export interface ImportResult {
  /** The stored revision after the import (unchanged on a dry run). */
  readonly revision: number
  /** The catalogue as stored, in canonical order. */
  readonly catalogue: Catalogue
  /** How many md5s were computed from local files. */
  readonly digested: number
  readonly stored: boolean
}

// Only downloads carry an md5 on the wire: sticker, caption and font files and MV variants.
const withDigests = (catalogue: Catalogue) =>
  Effect.gen(function*() {
    const assets = yield* CatalogueAssets
    let digested = 0
    const digest = <A extends { readonly url: string; readonly md5: string }>(entry: A) =>
      Effect.map(assets.md5(entry.url), (md5): A => {
        if (Option.isNone(md5)) return entry
        digested++
        return { ...entry, md5: md5.value }
      })
    const all = <A>(items: ReadonlyArray<A>, f: (a: A) => Effect.Effect<A>) => Effect.forEach(items, f, { concurrency: 8 })
    const result: Catalogue = {
      music: catalogue.music,
      stickerCategories: yield* all(catalogue.stickerCategories, (c) =>
        Effect.map(all(c.stickers, digest), (stickers) => ({ ...c, stickers }))),
      captionCategories: yield* all(catalogue.captionCategories, (c) =>
        Effect.map(all(c.captions, digest), (captions) => ({ ...c, captions }))),
      mvs: yield* all(catalogue.mvs, (mv) => Effect.map(all(mv.variants, digest), (variants) => ({ ...mv, variants }))),
      fonts: yield* all(catalogue.fonts, digest)
    }
    return { catalogue: result, digested }
  })

/**
 * Validates a catalogue (CatalogueRejected lists every problem with its JSON path), fills the md5 of every download
 * that is a local file, and stores it in one transaction. A Conflict means another import landed meanwhile.
 */
export const importCatalogue = Effect.fn("importCatalogue")(function*(input: ImportInput) {
  const reader = yield* CatalogueReader
  const admin = yield* CatalogueAdmin
  const current = input.mode === "upsert"
    ? yield* reader.load
    : { revision: yield* reader.revision, catalogue: emptyCatalogue }
  const merged = input.mode === "upsert" ? mergeCatalogues(current.catalogue, input.catalogue) : input.catalogue
  const problems = catalogueProblems(merged)
  if (problems.length > 0) return yield* new CatalogueRejected({ problems })
  const { catalogue, digested } = yield* withDigests(merged)
  const canonical = canonicalCatalogue(catalogue)
  if (input.dryRun === true) {
    return { revision: current.revision, catalogue: canonical, digested, stored: false } satisfies ImportResult
  }
  const revision = yield* admin.replace(catalogue, current.revision)
  return { revision, catalogue: canonical, digested, stored: true } satisfies ImportResult
})

/**
 * Imports `catalogue` only when no catalogue was ever imported (revision 0), e.g. the shipped default on first start;
 * true when it did. Another server seeding at the same moment is not an error: one of them wins.
 */
export const seedCatalogue = Effect.fn("seedCatalogue")(function*(catalogue: Catalogue) {
  const reader = yield* CatalogueReader
  if ((yield* reader.revision) > 0) return false
  return yield* importCatalogue({ catalogue, mode: "replace" }).pipe(
    Effect.as(true),
    Effect.catchTag("Conflict", () => Effect.succeed(false))
  )
})
