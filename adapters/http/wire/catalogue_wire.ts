import { Context, type DateTime } from "effect"
import type {
  Caption, CaptionCategory, Font, MusicTrack, Mv, MvAspect, Sticker, StickerCategory
} from "../../../core/domain/catalogue.ts"
import { type MusicPage, resolveAssetUrl } from "../../../core/domain/catalogue_query.ts"
import type { PlayPath } from "../../../core/use_cases/catalogue/get_play_path.ts"
import type { CategoryData, FontData, MusicPageData, MvData, PasterData, PlayPathData } from "../contract/catalogue.ts"
import { formatWireTime } from "./wire_time.ts"

/** What turning catalogue entries into wire objects needs: the zone of `createTime`, the base of relative URLs. */
export class CatalogueWire extends Context.Tag("adapters/http/CatalogueWire")<CatalogueWire, {
  readonly timeZone: DateTime.TimeZone
  readonly assetBaseUrl: string
}>() {}
type Wire = CatalogueWire["Type"]

const ASPECT_CODES: Record<MvAspect, number> = { "1:1": 1, "4:3": 2, "16:9": 3 }

// The handlers and the fast path both build their answers with these functions, so the two cannot drift apart.

/** A music page: `total` and `duration` as strings. */
export const musicPageData = (w: Wire, page: MusicPage): typeof MusicPageData.Type => ({
  total: String(page.total),
  musicList: page.tracks.map((t: MusicTrack) => ({
    musicId: t.musicId,
    title: t.title,
    artistName: t.artistName,
    duration: String(t.durationSeconds),
    source: t.source,
    image: resolveAssetUrl(w.assetBaseUrl, t.image)
  }))
})

/** A play path: `expireTime` in unix seconds as a string. */
export const playPathData = (p: PlayPath): typeof PlayPathData.Type => ({
  playPath: p.url,
  expireTime: String(Math.floor(p.expiresAt.epochMillis / 1000))
})

/** Categories with their wire type: 1 for sticker categories, 2 for caption categories (as the original server). */
export const categoriesData = (
  w: Wire,
  type: 1 | 2,
  categories: ReadonlyArray<StickerCategory | CaptionCategory>
): Array<typeof CategoryData.Type> =>
  categories.map((c) => ({
    id: c.id,
    icon: resolveAssetUrl(w.assetBaseUrl, c.icon),
    description: c.description,
    name: c.name,
    level: c.level,
    preview: resolveAssetUrl(w.assetBaseUrl, c.preview),
    sort: c.sort,
    type,
    createTime: formatWireTime(c.createdAt, w.timeZone)
  }))

const pasterData = (w: Wire, p: Sticker | Caption, fontId: number, type: number): typeof PasterData.Type => ({
  id: p.id,
  fontId,
  icon: resolveAssetUrl(w.assetBaseUrl, p.icon),
  name: p.name,
  url: resolveAssetUrl(w.assetBaseUrl, p.url),
  md5: p.md5,
  preview: resolveAssetUrl(w.assetBaseUrl, p.preview),
  sort: p.sort,
  type,
  createTime: formatWireTime(p.createdAt, w.timeZone)
})

/** Stickers: type 1 front, 2 back; fontId 0. */
export const stickersData = (w: Wire, stickers: ReadonlyArray<Sticker>) =>
  stickers.map((s) => pasterData(w, s, 0, s.kind === "front" ? 1 : 2))

/** Captions: their font, type 0. */
export const captionsData = (w: Wire, captions: ReadonlyArray<Caption>) =>
  captions.map((c) => pasterData(w, c, c.fontId, 0))

/** MVs with one download per aspect (1 = 1:1, 2 = 4:3, 3 = 16:9). */
export const mvsData = (w: Wire, mvs: ReadonlyArray<Mv>): Array<typeof MvData.Type> =>
  mvs.map((mv) => ({
    id: mv.id,
    icon: resolveAssetUrl(w.assetBaseUrl, mv.icon),
    duration: mv.durationSeconds,
    name: mv.name,
    previewPic: resolveAssetUrl(w.assetBaseUrl, mv.previewPic),
    previewMp4: resolveAssetUrl(w.assetBaseUrl, mv.previewMp4),
    sort: mv.sort,
    level: mv.level,
    createTime: formatWireTime(mv.createdAt, w.timeZone),
    aspectList: mv.variants.map((v) => ({
      aspect: ASPECT_CODES[v.aspect],
      download: resolveAssetUrl(w.assetBaseUrl, v.url),
      md5: v.md5
    }))
  }))

/** A font. */
export const fontData = (w: Wire, f: Font): typeof FontData.Type => ({
  id: f.id,
  name: f.name,
  banner: resolveAssetUrl(w.assetBaseUrl, f.banner),
  icon: resolveAssetUrl(w.assetBaseUrl, f.icon),
  url: resolveAssetUrl(w.assetBaseUrl, f.url),
  md5: f.md5,
  level: f.level,
  sort: f.sort
})
