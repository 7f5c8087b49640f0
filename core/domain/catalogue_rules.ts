import { Schema } from "effect"
import type { Catalogue, MvAspect } from "./catalogue.ts"
import { Conflict } from "./errors.ts"

/** One thing wrong with a catalogue, at the JSON path of the catalogue file (`$.music[3].musicId`). */
export const CatalogueProblem = Schema.Struct({ path: Schema.String, message: Schema.String })
export type CatalogueProblem = typeof CatalogueProblem.Type

/** A catalogue that cannot be imported; every problem found, each with its JSON path. */
export class CatalogueRejected extends Schema.TaggedError<CatalogueRejected>()("CatalogueRejected", {
  problems: Schema.Array(CatalogueProblem)
}) {}

/** The Conflict of a replace whose expected revision is no longer the stored one. */
export const catalogueChanged = (expected: number, stored: number) =>
  new Conflict({ message: `Cannot import the catalogue: it changed meanwhile (revision ${stored}, expected ${expected})` })

/** Reports the second and later uses of a key, naming where it was first used. */
const uniqueness = <K>(what: string, problems: Array<CatalogueProblem>) => {
  const seen = new Map<K, string>()
  return (key: K, path: string) => {
    const first = seen.get(key)
    if (first === undefined) seen.set(key, path)
    else problems.push({ path, message: `${what} ${String(key)} is already used at ${first}` })
  }
}

/**
 * What breaks the catalogue's own rules, beyond each field's schema: ids unique per kind (stickers and captions across
 * all their categories), every caption's fontId among the fonts, every MV with at least one aspect and none twice.
 */
export const catalogueProblems = (c: Catalogue): Array<CatalogueProblem> => {
  const problems: Array<CatalogueProblem> = []
  const musicId = uniqueness<string>("musicId", problems)
  c.music.forEach((t, i) => musicId(t.musicId, `$.music[${i}].musicId`))
  const fontId = uniqueness<number>("font id", problems)
  c.fonts.forEach((f, i) => fontId(f.id, `$.fonts[${i}].id`))
  const fonts = new Set<number>(c.fonts.map((f) => f.id))
  const stickerCategoryId = uniqueness<number>("sticker category id", problems)
  const stickerId = uniqueness<number>("sticker id", problems)
  c.stickerCategories.forEach((category, i) => {
    stickerCategoryId(category.id, `$.stickerCategories[${i}].id`)
    category.stickers.forEach((s, j) => stickerId(s.id, `$.stickerCategories[${i}].stickers[${j}].id`))
  })
  const captionCategoryId = uniqueness<number>("caption category id", problems)
  const captionId = uniqueness<number>("caption id", problems)
  c.captionCategories.forEach((category, i) => {
    captionCategoryId(category.id, `$.captionCategories[${i}].id`)
    category.captions.forEach((caption, j) => {
      const path = `$.captionCategories[${i}].captions[${j}]`
      captionId(caption.id, `${path}.id`)
      if (!fonts.has(caption.fontId)) {
        problems.push({ path: `${path}.fontId`, message: `font ${caption.fontId} is not among the catalogue's fonts` })
      }
    })
  })
  const mvId = uniqueness<number>("MV id", problems)
  c.mvs.forEach((mv, i) => {
    mvId(mv.id, `$.mvs[${i}].id`)
    if (mv.variants.length === 0) problems.push({ path: `$.mvs[${i}].variants`, message: "must list at least one aspect" })
    const aspect = uniqueness<MvAspect>("aspect", problems)
    mv.variants.forEach((v, j) => aspect(v.aspect, `$.mvs[${i}].variants[${j}].aspect`))
  })
  return problems
}

const ASPECTS: ReadonlyArray<MvAspect> = ["1:1", "4:3", "16:9"]
const bySort = <A extends { readonly sort: number; readonly id: number }>(a: A, b: A) => a.sort - b.sort || a.id - b.id
const byCodeUnits = (a: string, b: string) => a < b ? -1 : a > b ? 1 : 0

/**
 * The catalogue in the order it is served: every list by ascending `sort`, then id (musicId by code units);
 * an MV's variants by aspect (1:1, 4:3, 16:9).
 */
export const canonicalCatalogue = (c: Catalogue): Catalogue => ({
  music: [...c.music].sort((a, b) => a.sort - b.sort || byCodeUnits(a.musicId, b.musicId)),
  stickerCategories: [...c.stickerCategories].sort(bySort).map((category) => ({
    ...category,
    stickers: [...category.stickers].sort(bySort)
  })),
  captionCategories: [...c.captionCategories].sort(bySort).map((category) => ({
    ...category,
    captions: [...category.captions].sort(bySort)
  })),
  mvs: [...c.mvs].sort(bySort).map((mv) => ({
    ...mv,
    variants: [...mv.variants].sort((a, b) => ASPECTS.indexOf(a.aspect) - ASPECTS.indexOf(b.aspect))
  })),
  fonts: [...c.fonts].sort(bySort)
})

const mergeBy = <A, K>(incoming: ReadonlyArray<A>, stored: ReadonlyArray<A>, key: (a: A) => K): Array<A> => {
  const replaced = new Set(incoming.map(key))
  return [...incoming, ...stored.filter((a) => !replaced.has(key(a)))]
}

/**
 * Upsert: every top-level entry of `incoming` (a track by musicId; a category with its stickers or captions, an MV
 * with its variants, a font, by id) replaces the stored one with the same key; stored entries it does not name stay.
 * Incoming entries come first, so problems found in the result keep the incoming file's paths.
 */
export const mergeCatalogues = (stored: Catalogue, incoming: Catalogue): Catalogue => ({
  music: mergeBy(incoming.music, stored.music, (t) => t.musicId),
  stickerCategories: mergeBy(incoming.stickerCategories, stored.stickerCategories, (c) => c.id),
  captionCategories: mergeBy(incoming.captionCategories, stored.captionCategories, (c) => c.id),
  mvs: mergeBy(incoming.mvs, stored.mvs, (mv) => mv.id),
  fonts: mergeBy(incoming.fonts, stored.fonts, (f) => f.id)
})
