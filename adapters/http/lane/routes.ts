import { Option, Schema } from "effect"
import type { Catalogue } from "../../../core/domain/catalogue.ts"
import { CatalogueId } from "../../../core/domain/catalogue_fields.ts"
import { captionsOf, findFont, frontStickers, musicPage, stickersOf } from "../../../core/domain/catalogue_query.ts"
import {
  captionsData, type CatalogueWire, categoriesData, fontData, musicPageData, mvsData, stickersData
} from "../wire/catalogue_wire.ts"
import { catalogueSuccess } from "../contract/catalogue.ts"
import { envelopeTail, type FastParams, type FastRoute, type SuccessEnvelope } from "./table.ts"

// Values reach these functions as canonical digit strings (lane.ts); range checks stay here and any doubt goes
// to the app, which then answers 400 or 404 itself.

const isCatalogueId = Schema.is(CatalogueId)
const id = (value: string | undefined): Option.Option<CatalogueId> => {
  const n = Number(value)
  return value !== undefined && isCatalogueId(n) ? Option.some(n) : Option.none()
}
const pageBound = (value: string | undefined) => {
  const n = Number(value)
  return value !== undefined && n >= 1 && n <= 50 ? Option.some(n) : Option.none()
}

const route = <D, I>(
  schema: Schema.Schema<SuccessEnvelope<D>, I>,
  params: ReadonlyArray<string>,
  data: (c: Catalogue, w: CatalogueWire["Type"], values: FastParams) => Option.Option<D>
): FastRoute => ({
  params,
  tail: (c, w, values) => Option.getOrUndefined(Option.map(data(c, w, values), (d) => envelopeTail(schema, d)))
})

/** The catalogue endpoints the fast path answers, by path; getPlayPath is never cached (each URL is signed anew). */
export const FAST_ROUTES: ReadonlyMap<string, FastRoute> = new Map([
  ["/music/getRecommendMusic", route(catalogueSuccess.getRecommendMusic, ["pageNo", "pageSize"], (c, w, [no, size]) =>
    Option.zipWith(pageBound(no), pageBound(size), (pageNo, pageSize) => musicPageData(w, musicPage(c, pageNo, pageSize))))],
  ["/resource/getPasterInfo", route(catalogueSuccess.getPasterInfo, [], (c, w) =>
    Option.some(categoriesData(w, 1, c.stickerCategories)))],
  ["/resource/getPasterList", route(catalogueSuccess.getPasterList, ["pasterId", "type"], (c, w, [pasterId, type]) =>
    type !== "1" && type !== "2"
      ? Option.none()
      : Option.flatMap(id(pasterId), (categoryId) =>
        Option.map(stickersOf(c, categoryId, type === "1" ? "front" : "back"), (s) => stickersData(w, s))))],
  ["/resource/getFrontPasterList", route(catalogueSuccess.getFrontPasterList, [], (c, w) =>
    Option.some(stickersData(w, frontStickers(c))))],
  ["/resource/getTextPaster", route(catalogueSuccess.getTextPaster, [], (c, w) =>
    Option.some(categoriesData(w, 2, c.captionCategories)))],
  ["/resource/getTextPasterList", route(catalogueSuccess.getTextPasterList, ["textPasterId"], (c, w, [textPasterId]) =>
    Option.flatMap(id(textPasterId), (categoryId) => Option.map(captionsOf(c, categoryId), (s) => captionsData(w, s))))],
  ["/resource/getMv", route(catalogueSuccess.getMv, [], (c, w) => Option.some(mvsData(w, c.mvs)))],
  ["/resource/getFont", route(catalogueSuccess.getFont, ["fontId"], (c, w, [fontId]) =>
    fontId === undefined
      ? Option.some(c.fonts.map((f) => fontData(w, f)))
      : Option.flatMap(id(fontId), (fid) => Option.map(findFont(c, fid), (f) => fontData(w, f))))]
])
