import { Effect } from "effect"
import {
  getFont, getRecommendMusic, listCaptionCategories, listCaptions, listFonts, listFrontStickers, listMvs, listStickerCategories,
  listStickers
} from "../../../core/use_cases/catalogue/catalogue_queries.ts"
import { getPlayPath } from "../../../core/use_cases/catalogue/get_play_path.ts"
import {
  captionsData, CatalogueWire, categoriesData, fontData, musicPageData, mvsData, playPathData, stickersData
} from "../wire/catalogue_wire.ts"
import { Api } from "../contract/api.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"

// The fast path (lane/lane.ts) answers most of these from memory; these handlers answer what it leaves to the app,
// identically: the same selectors, the same wire functions, the same schemas.

/** Handlers of the "music" group. */
export const musicLayer = handlerGroup(Api, "music", (handlers) =>
  Effect.gen(function*() {
    const wire = yield* CatalogueWire
    return handlers
      .handle("getRecommendMusic", ({ urlParams }) =>
        getRecommendMusic(urlParams).pipe(Effect.flatMap((page) => ok(musicPageData(wire, page)))))
      .handle("getPlayPath", ({ urlParams }) =>
        getPlayPath(urlParams.musicId).pipe(Effect.flatMap((p) => ok(playPathData(p)))))
  }))

/** Handlers of the "resource" group. */
export const resourceLayer = handlerGroup(Api, "resource", (handlers) =>
  Effect.gen(function*() {
    const wire = yield* CatalogueWire
    return handlers
      .handle("getPasterInfo", () =>
        listStickerCategories().pipe(Effect.flatMap((c) => ok(categoriesData(wire, 1, c)))))
      .handle("getPasterList", ({ urlParams }) =>
        listStickers({ categoryId: urlParams.pasterId, kind: urlParams.type === "1" ? "front" : "back" }).pipe(
          Effect.flatMap((s) => ok(stickersData(wire, s)))
        ))
      .handle("getFrontPasterList", () =>
        listFrontStickers().pipe(Effect.flatMap((s) => ok(stickersData(wire, s)))))
      .handle("getTextPaster", () =>
        listCaptionCategories().pipe(Effect.flatMap((c) => ok(categoriesData(wire, 2, c)))))
      .handle("getTextPasterList", ({ urlParams }) =>
        listCaptions(urlParams.textPasterId).pipe(Effect.flatMap((c) => ok(captionsData(wire, c)))))
      .handle("getMv", () => listMvs().pipe(Effect.flatMap((m) => ok(mvsData(wire, m)))))
      .handle("getFont", ({ urlParams }) =>
        urlParams.fontId === undefined
          ? listFonts().pipe(Effect.flatMap((fonts) => ok(fonts.map((f) => fontData(wire, f)))))
          : getFont(urlParams.fontId).pipe(Effect.flatMap((f) => ok(fontData(wire, f)))))
  }))
