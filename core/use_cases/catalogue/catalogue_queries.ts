import { Effect, Option } from "effect"
import type { StickerKind } from "../../domain/catalogue.ts"
import type { CatalogueId, MusicPageBound } from "../../domain/catalogue_fields.ts"
import { captionsOf, findFont, musicPage, stickersOf, frontStickers } from "../../domain/catalogue_query.ts"
import { NotFound } from "../../domain/errors.ts"
import { CatalogueReader } from "../../ports/catalogue_reader.ts"

const current = Effect.flatMap(CatalogueReader, (reader) => Effect.map(reader.load, (s) => s.catalogue))

const orNotFound = (resource: string, id: number) => <A>(found: Option.Option<A>) =>
  Option.match(found, {
    onNone: () => Effect.fail(new NotFound({ resource, id: String(id) })),
    onSome: Effect.succeed
  })

/** Input of {@link getRecommendMusic}: the page (from 1) and its size, both 1..50. */
export interface MusicPageInput {
  readonly pageNo: typeof MusicPageBound.Type
  readonly pageSize: typeof MusicPageBound.Type
}

/** One page of the recommended music and the total number of tracks. */
export const getRecommendMusic = Effect.fn("getRecommendMusic")(function*(input: MusicPageInput) {
  return musicPage(yield* current, input.pageNo, input.pageSize)
})

/** Every sticker category. */
export const listStickerCategories = Effect.fn("listStickerCategories")(function*() {
  return (yield* current).stickerCategories
})

/** Input of {@link listStickers}. */
export interface StickersInput {
  readonly categoryId: CatalogueId
  readonly kind: StickerKind
}

/** The stickers of one kind in a category; NotFound when the category does not exist. */
export const listStickers = Effect.fn("listStickers")(function*(input: StickersInput) {
  return yield* orNotFound("paster category", input.categoryId)(stickersOf(yield* current, input.categoryId, input.kind))
})

/** Every front sticker (the ones worn while recording). */
export const listFrontStickers = Effect.fn("listFrontStickers")(function*() {
  return frontStickers(yield* current)
})

/** Every caption category. */
export const listCaptionCategories = Effect.fn("listCaptionCategories")(function*() {
  return (yield* current).captionCategories
})

/** The captions of a category; NotFound when the category does not exist. */
export const listCaptions = Effect.fn("listCaptions")(function*(categoryId: CatalogueId) {
  return yield* orNotFound("text paster category", categoryId)(captionsOf(yield* current, categoryId))
})

/** Every MV template. */
export const listMvs = Effect.fn("listMvs")(function*() {
  return (yield* current).mvs
})

/** Every font. */
export const listFonts = Effect.fn("listFonts")(function*() {
  return (yield* current).fonts
})

/** One font; NotFound when it does not exist. */
export const getFont = Effect.fn("getFont")(function*(fontId: CatalogueId) {
  return yield* orNotFound("font", fontId)(findFont(yield* current, fontId))
})
