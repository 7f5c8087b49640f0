import { Option } from "effect"
import type { Caption, Catalogue, Font, MusicTrack, Sticker, StickerKind } from "./catalogue.ts"
import type { CatalogueId, MusicId } from "./catalogue_fields.ts"

// Pure selectors over a catalogue in canonical order (see canonicalCatalogue): the use cases and the HTTP fast path
// answer from the same functions, so both give the same lists.

/** One page of the recommended music (pages from 1) and the number of tracks in all. */
export interface MusicPage {
  readonly total: number
  readonly tracks: ReadonlyArray<MusicTrack>
}

/** Page `pageNo` (from 1) of `pageSize` tracks; past the end it is empty, `total` still counts every track. */
export const musicPage = (c: Catalogue, pageNo: number, pageSize: number): MusicPage => ({
  total: c.music.length,
  tracks: c.music.slice((pageNo - 1) * pageSize, pageNo * pageSize)
})

/** The track with this id. */
export const findMusic = (c: Catalogue, musicId: MusicId): Option.Option<MusicTrack> =>
  Option.fromNullable(c.music.find((t) => t.musicId === musicId))

/** The stickers of one kind in a category; none when the category does not exist. */
export const stickersOf = (c: Catalogue, categoryId: CatalogueId, kind: StickerKind): Option.Option<ReadonlyArray<Sticker>> =>
  Option.map(
    Option.fromNullable(c.stickerCategories.find((category) => category.id === categoryId)),
    (category) => category.stickers.filter((s) => s.kind === kind)
  )

/** Every front sticker, category by category. */
export const frontStickers = (c: Catalogue): ReadonlyArray<Sticker> =>
  c.stickerCategories.flatMap((category) => category.stickers.filter((s) => s.kind === "front"))

/** The captions of a category; none when the category does not exist. */
export const captionsOf = (c: Catalogue, categoryId: CatalogueId): Option.Option<ReadonlyArray<Caption>> =>
  Option.map(
    Option.fromNullable(c.captionCategories.find((category) => category.id === categoryId)),
    (category) => category.captions
  )

/** The font with this id. */
export const findFont = (c: Catalogue, fontId: CatalogueId): Option.Option<Font> =>
  Option.fromNullable(c.fonts.find((f) => f.id === fontId))

/** The absolute URL of an asset reference: relative paths resolve against `base` (ending in `/`), `""` stays `""`. */
export const resolveAssetUrl = (base: string, ref: string): string =>
  ref === "" || /^https?:\/\//.test(ref) ? ref : new URL(ref, base).href
