import { Schema } from "effect"
import { AssetRef, CatalogueId, Count, Instant, Label, Md5, MusicId, RequiredAssetRef, Sort, Text } from "./catalogue_fields.ts"

/** A song the editor offers as background music; `url` is the audio file, signed when it is played. */
export const MusicTrack = Schema.Struct({
  musicId: MusicId,
  title: Label,
  artistName: Text,
  durationSeconds: Count,
  source: Text,
  image: AssetRef,
  url: RequiredAssetRef,
  sort: Sort
})
export type MusicTrack = typeof MusicTrack.Type

/** Where an animated sticker goes: on the face while recording (front, type 1) or on the video while editing (back, 2). */
export const StickerKind = Schema.Literal("front", "back").annotations({
  message: () => ({ message: "must be \"front\" or \"back\"", override: true })
})
export type StickerKind = typeof StickerKind.Type

// What stickers and captions share: a downloadable package with pictures.
const packageFields = {
  id: CatalogueId,
  name: Label,
  icon: AssetRef,
  preview: AssetRef,
  url: RequiredAssetRef,
  md5: Md5,
  sort: Sort,
  createdAt: Instant
}

/** An animated sticker package. */
export const Sticker = Schema.Struct({ ...packageFields, kind: StickerKind })
export type Sticker = typeof Sticker.Type

const categoryFields = {
  id: CatalogueId,
  name: Label,
  description: Text,
  icon: AssetRef,
  preview: AssetRef,
  level: Count,
  sort: Sort,
  createdAt: Instant
}

/** A group of stickers (getPasterInfo). */
export const StickerCategory = Schema.Struct({ ...categoryFields, stickers: Schema.Array(Sticker) })
export type StickerCategory = typeof StickerCategory.Type

/** A caption (text bubble) package, drawn with one of the catalogue's fonts. */
export const Caption = Schema.Struct({ ...packageFields, fontId: CatalogueId })
export type Caption = typeof Caption.Type

/** A group of captions (getTextPaster). */
export const CaptionCategory = Schema.Struct({ ...categoryFields, captions: Schema.Array(Caption) })
export type CaptionCategory = typeof CaptionCategory.Type

/** The aspect ratios an MV template comes in; wire codes 1, 2, 3. */
export const MvAspect = Schema.Literal("1:1", "4:3", "16:9").annotations({
  message: () => ({ message: "must be \"1:1\", \"4:3\" or \"16:9\"", override: true })
})
export type MvAspect = typeof MvAspect.Type

/** One aspect of an MV template: its download and md5. */
export const MvVariant = Schema.Struct({ aspect: MvAspect, url: RequiredAssetRef, md5: Md5 })
export type MvVariant = typeof MvVariant.Type

/** A music-video template with one download per aspect ratio. */
export const Mv = Schema.Struct({
  id: CatalogueId,
  name: Label,
  icon: AssetRef,
  previewPic: AssetRef,
  previewMp4: AssetRef,
  durationSeconds: Count,
  level: Count,
  sort: Sort,
  createdAt: Instant,
  variants: Schema.Array(MvVariant)
})
export type Mv = typeof Mv.Type

/** A font file captions refer to by id. */
export const Font = Schema.Struct({
  id: CatalogueId,
  name: Label,
  banner: AssetRef,
  icon: AssetRef,
  url: RequiredAssetRef,
  md5: Md5,
  level: Count,
  sort: Sort
})
export type Font = typeof Font.Type

/** Everything the editor offers: music, stickers, captions, MVs and fonts. */
export const Catalogue = Schema.Struct({
  music: Schema.Array(MusicTrack),
  stickerCategories: Schema.Array(StickerCategory),
  captionCategories: Schema.Array(CaptionCategory),
  mvs: Schema.Array(Mv),
  fonts: Schema.Array(Font)
})
export type Catalogue = typeof Catalogue.Type

/** A catalogue with nothing in it. */
export const emptyCatalogue: Catalogue = { music: [], stickerCategories: [], captionCategories: [], mvs: [], fonts: [] }

/** The stored catalogue and its revision: 0 before the first import, one more with every import. */
export interface CatalogueSnapshot {
  readonly revision: number
  readonly catalogue: Catalogue
}
