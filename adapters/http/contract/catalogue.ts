import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { CatalogueId, MusicId, MusicPageBound } from "../../../core/domain/catalogue_fields.ts"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { UrlParams } from "./params.ts"

// Numbers arrive as strings (docs/reference/api-contract.md §2); every message names its parameter.
const named = <S extends Schema.Schema.Any>(schema: S, message: string) =>
  schema.annotations({ message: () => ({ message, override: true }) })
const IdParam = (name: string) =>
  named(Schema.compose(Schema.NumberFromString, CatalogueId), `${name} must be a whole number from 1 to 2147483647`)
const PageParam = (name: string) =>
  named(Schema.compose(Schema.NumberFromString, MusicPageBound), `${name} must be a whole number from 1 to 50`)

/** Parameters of getRecommendMusic. */
export const MusicPageParams = UrlParams({ pageNo: PageParam("pageNo"), pageSize: PageParam("pageSize") })
/** Parameters of getPlayPath. */
export const PlayPathParams = UrlParams({
  musicId: named(MusicId, "musicId must be 3 to 64 characters of letters, digits, '_', '.' or '-'")
})
/** Parameters of getPasterList: the category and 1 (front) or 2 (back). */
export const PasterListParams = UrlParams({
  pasterId: IdParam("pasterId"),
  type: named(Schema.Literal("1", "2"), "type must be 1 (front) or 2 (back)")
})
/** Parameters of getTextPasterList. */
export const TextPasterListParams = UrlParams({ textPasterId: IdParam("textPasterId") })
/** Parameters of getFont: one font, or all of them without fontId. */
export const FontParams = UrlParams({ fontId: Schema.optional(IdParam("fontId")) })

const S = Schema.String
const I = Schema.Int

/** A track in getRecommendMusic; `duration` is whole seconds as a string. */
export const MusicData = Schema.Struct({ musicId: S, title: S, artistName: S, duration: S, source: S, image: S })
/** getRecommendMusic's page; `total` is a string. */
export const MusicPageData = Schema.Struct({ total: S, musicList: Schema.Array(MusicData) })
/** getPlayPath's answer; `expireTime` is unix seconds as a string. */
export const PlayPathData = Schema.Struct({ playPath: S, expireTime: S })
/** A sticker or caption category (type 1 stickers, 2 captions). */
export const CategoryData = Schema.Struct({
  id: I, icon: S, description: S, name: S, level: I, preview: S, sort: I, type: I, createTime: S
})
/** A sticker (type 1 front, 2 back, fontId 0) or a caption (type 0, its font). */
export const PasterData = Schema.Struct({
  id: I, fontId: I, icon: S, name: S, url: S, md5: S, preview: S, sort: I, type: I, createTime: S
})
/** An MV template; aspect 1 = 1:1, 2 = 4:3, 3 = 16:9. */
export const MvData = Schema.Struct({
  id: I, icon: S, duration: I, name: S, previewPic: S, previewMp4: S, sort: I, level: I, createTime: S,
  aspectList: Schema.Array(Schema.Struct({ aspect: I, download: S, md5: S }))
})
/** A font. */
export const FontData = Schema.Struct({ id: I, name: S, banner: S, icon: S, url: S, md5: S, level: I, sort: I })

/** Every success schema of the catalogue endpoints the fast path may answer, by endpoint name. */
export const catalogueSuccess = {
  getRecommendMusic: Envelope(MusicPageData),
  getPasterInfo: Envelope(Schema.Array(CategoryData)),
  getPasterList: Envelope(Schema.Array(PasterData)),
  getFrontPasterList: Envelope(Schema.Array(PasterData)),
  getTextPaster: Envelope(Schema.Array(CategoryData)),
  getTextPasterList: Envelope(Schema.Array(PasterData)),
  getMv: Envelope(Schema.Array(MvData)),
  getFont: Envelope(Schema.Union(FontData, Schema.Array(FontData)))
}

/** Background music (contract "Music"). No token. */
export class MusicGroup extends HttpApiGroup.make("music")
  .add(HttpApiEndpoint.get("getRecommendMusic", "/music/getRecommendMusic").setUrlParams(MusicPageParams)
    .addSuccess(catalogueSuccess.getRecommendMusic))
  .add(HttpApiEndpoint.get("getPlayPath", "/music/getPlayPath").setUrlParams(PlayPathParams)
    .addSuccess(Envelope(PlayPathData)))
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "getPlayPath answers a signed URL that expires at expireTime (unix seconds).")
{}

/** Editor materials (contract "Resources"): stickers, captions, MVs and fonts. No token. */
export class ResourceGroup extends HttpApiGroup.make("resource")
  .add(HttpApiEndpoint.get("getPasterInfo", "/resource/getPasterInfo").addSuccess(catalogueSuccess.getPasterInfo))
  .add(HttpApiEndpoint.get("getPasterList", "/resource/getPasterList").setUrlParams(PasterListParams)
    .addSuccess(catalogueSuccess.getPasterList))
  .add(HttpApiEndpoint.get("getFrontPasterList", "/resource/getFrontPasterList")
    .addSuccess(catalogueSuccess.getFrontPasterList))
  .add(HttpApiEndpoint.get("getTextPaster", "/resource/getTextPaster").addSuccess(catalogueSuccess.getTextPaster))
  .add(HttpApiEndpoint.get("getTextPasterList", "/resource/getTextPasterList").setUrlParams(TextPasterListParams)
    .addSuccess(catalogueSuccess.getTextPasterList))
  .add(HttpApiEndpoint.get("getMv", "/resource/getMv").addSuccess(catalogueSuccess.getMv))
  .add(HttpApiEndpoint.get("getFont", "/resource/getFont").setUrlParams(FontParams).addSuccess(catalogueSuccess.getFont))
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "Served from memory; an import shows within QU_CATALOGUE_CACHE_TTL on every server.")
{}
