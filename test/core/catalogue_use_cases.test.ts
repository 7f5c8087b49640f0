import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Either, FastCheck as fc, Layer, Option, TestClock } from "effect"
import { decodeCatalogueFile, encodeCatalogueFile } from "../../adapters/catalogue_file/catalogue_file.ts"
import { memoryDatabase } from "../../composition/databases.ts"
import { type Catalogue, emptyCatalogue } from "../../core/domain/catalogue.ts"
import { MusicId } from "../../core/domain/catalogue_fields.ts"
import { musicPage } from "../../core/domain/catalogue_query.ts"
import { canonicalCatalogue, catalogueProblems, mergeCatalogues } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { CatalogueSettings } from "../../core/ports/catalogue_settings.ts"
import { UrlSigner } from "../../core/ports/url_signer.ts"
import { getFont, listFrontStickers, listStickers } from "../../core/use_cases/catalogue/catalogue_queries.ts"
import { getPlayPath } from "../../core/use_cases/catalogue/get_play_path.ts"
import { importCatalogue, seedCatalogue } from "../../core/use_cases/catalogue/import_catalogue.ts"
import { cid, sampleCatalogue, validCatalogue } from "../contracts/catalogue_repository.ts"

const localFiles: Record<string, string> = {
  "stickers/151.zip": "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
  "mv/104-4x3.zip": "a".repeat(32)
}

/** The catalogue use cases over the memory database, two "local files", and a signer that shows what it signed. */
const testLayer = Layer.mergeAll(
  memoryDatabase,
  Layer.succeed(CatalogueAssets, CatalogueAssets.of({ md5: (ref) => Effect.succeed(Option.fromNullable(localFiles[ref])) })),
  Layer.succeed(CatalogueSettings, CatalogueSettings.of({
    assetBaseUrl: "https://assets.example.test/qu/",
    playUrlTtl: Duration.hours(1)
  })),
  Layer.succeed(UrlSigner, UrlSigner.of({ sign: (url, at) => Effect.succeed(`${url}#until=${at.epochMillis / 1000}`) }))
)

const stored = Effect.flatMap(CatalogueReader, (reader) => reader.load)

describe("catalogue rules", () => {
  it("catalogueProblems() names every broken rule by its JSON path", () => {
    const sample = sampleCatalogue()
    expect(catalogueProblems(sample)).toEqual([])
    const broken: Catalogue = {
      ...sample,
      music: [...sample.music, sample.music[0]!],
      stickerCategories: [sample.stickerCategories[0]!, { ...sample.stickerCategories[1]!, stickers: [sample.stickerCategories[0]!.stickers[1]!] }],
      captionCategories: [{ ...sample.captionCategories[0]!, captions: [{ ...sample.captionCategories[0]!.captions[0]!, fontId: cid(999) }] }],
      mvs: [{ ...sample.mvs[0]!, variants: [] }, { ...sample.mvs[0]!, id: cid(7), variants: [sample.mvs[0]!.variants[0]!, sample.mvs[0]!.variants[0]!] }]
    }
    expect(catalogueProblems(broken)).toEqual([
      { path: "$.music[3].musicId", message: "musicId qu-music-b0 is already used at $.music[0].musicId" },
      { path: "$.stickerCategories[1].stickers[0].id", message: "sticker id 100 is already used at $.stickerCategories[0].stickers[1].id" },
      { path: "$.captionCategories[0].captions[0].fontId", message: "font 999 is not among the catalogue's fonts" },
      { path: "$.mvs[0].variants", message: "must list at least one aspect" },
      { path: "$.mvs[1].variants[1].aspect", message: "aspect 16:9 is already used at $.mvs[1].variants[0].aspect" }
    ])
  })

  it("canonicalCatalogue() orders by sort then id, tracks by sort then musicId, variants by aspect", () => {
    const c = canonicalCatalogue(sampleCatalogue())
    expect(c.music.map((t) => t.musicId)).toEqual(["T10030", "qu-music-a0", "qu-music-b0"])
    expect(c.stickerCategories.map((x) => x.id)).toEqual([10, 20])
    expect(c.stickerCategories[1]!.stickers.map((s) => s.id)).toEqual([150, 100, 200])
    expect(c.mvs[0]!.variants.map((v) => v.aspect)).toEqual(["1:1", "4:3", "16:9"])
    expect(c.fonts.map((f) => f.id)).toEqual([52, 89])
  })

  it("mergeCatalogues() replaces entries with the same key whole and keeps the others", () => {
    const stored = sampleCatalogue(0)
    const renamed = { ...stored.stickerCategories[0]!, name: "改名", stickers: [] }
    const merged = mergeCatalogues(stored, { ...emptyCatalogue, stickerCategories: [renamed], music: sampleCatalogue(1).music })
    expect(merged.stickerCategories).toEqual([renamed, stored.stickerCategories[1]!])
    expect(merged.music.length).toBe(6)
    expect(merged.fonts).toEqual(stored.fonts)
  })

  it.prop("musicPage() pages partition the tracks in order, and total counts them all", {
    count: fc.integer({ min: 0, max: 120 }),
    pageSize: fc.integer({ min: 1, max: 50 })
  }, ({ count, pageSize }) => {
    const track = sampleCatalogue().music[0]!
    const c: Catalogue = { ...emptyCatalogue, music: Array.from({ length: count }, (_, i) => ({ ...track, musicId: MusicId.make(`t-${i}`) })) }
    const pages = Array.from({ length: Math.ceil(count / pageSize) + 1 }, (_, i) => musicPage(c, i + 1, pageSize))
    expect(pages.flatMap((p) => p.tracks)).toEqual(c.music)
    expect(pages.every((p) => p.total === count)).toBe(true)
    expect(pages.at(-1)!.tracks).toEqual([])
  })
})

describe("catalogue use cases", () => {
  it.effect("importCatalogue() rejects a catalogue that breaks the rules, with every path, and stores nothing", () =>
    Effect.gen(function*() {
      const orphan = { ...sampleCatalogue(), fonts: [] }
      const rejected = yield* Effect.flip(importCatalogue({ catalogue: orphan, mode: "replace" }))
      expect(rejected._tag).toBe("CatalogueRejected")
      if (rejected._tag === "CatalogueRejected") {
        expect(rejected.problems.map((p) => p.path)).toEqual([
          "$.captionCategories[0].captions[0].fontId",
          "$.captionCategories[0].captions[1].fontId"
        ])
      }
      expect(yield* stored).toEqual({ revision: 0, catalogue: emptyCatalogue })
    }).pipe(Effect.provide(testLayer)))

  it.effect("importCatalogue() fills the md5 of downloads that are local files and keeps the others", () =>
    Effect.gen(function*() {
      const result = yield* importCatalogue({ catalogue: sampleCatalogue(1), mode: "replace" })
      expect(result).toMatchObject({ revision: 1, digested: 2, stored: true })
      const { catalogue } = yield* stored
      const stickers = catalogue.stickerCategories.flatMap((c) => c.stickers)
      expect(stickers.find((s) => s.id === 151)!.md5).toBe(localFiles["stickers/151.zip"])
      expect(stickers.find((s) => s.id === 101)!.md5).toBe("0123456789abcdef0123456789abcdef")
      expect(catalogue.mvs[0]!.variants.map((v) => v.md5)).toEqual(["00000000000000000000000000000001", "a".repeat(32), ""])
    }).pipe(Effect.provide(testLayer)))

  it.effect("importCatalogue() with dryRun validates and reports, but stores nothing", () =>
    Effect.gen(function*() {
      const result = yield* importCatalogue({ catalogue: sampleCatalogue(), mode: "replace", dryRun: true })
      expect(result).toMatchObject({ revision: 0, stored: false })
      expect(result.catalogue.music.length).toBe(3)
      expect((yield* stored).revision).toBe(0)
    }).pipe(Effect.provide(testLayer)))

  it.effect("importCatalogue() upsert keeps stored entries, replaces same ids, and may refer to stored fonts", () =>
    Effect.gen(function*() {
      yield* importCatalogue({ catalogue: sampleCatalogue(0), mode: "replace" })
      const base = sampleCatalogue(0)
      const caption = { ...base.captionCategories[0]!.captions[0]!, name: "只换名字" }
      const incoming: Catalogue = {
        ...emptyCatalogue,
        captionCategories: [{ ...base.captionCategories[0]!, captions: [caption] }],
        music: sampleCatalogue(1).music
      }
      const result = yield* importCatalogue({ catalogue: incoming, mode: "upsert" })
      expect(result.revision).toBe(2)
      const { catalogue } = yield* stored
      expect(catalogue.music.length).toBe(6)
      expect(catalogue.captionCategories[0]!.captions).toEqual([caption])
      expect(catalogue.fonts).toEqual(canonicalCatalogue(base).fonts)
    }).pipe(Effect.provide(testLayer)))

  it.effect("seedCatalogue() imports only into a catalogue never imported before", () =>
    Effect.gen(function*() {
      expect(yield* seedCatalogue(sampleCatalogue(0))).toBe(true)
      expect(yield* seedCatalogue(sampleCatalogue(1))).toBe(false)
      expect((yield* stored).revision).toBe(1)
      expect((yield* stored).catalogue.music).toEqual(canonicalCatalogue(sampleCatalogue(0)).music)
    }).pipe(Effect.provide(testLayer)))

  it.effect("getPlayPath() signs the resolved URL until now + the TTL, in whole seconds; unknown ids are NotFound", () =>
    Effect.gen(function*() {
      yield* importCatalogue({ catalogue: sampleCatalogue(), mode: "replace" })
      yield* TestClock.setTime(DateTime.unsafeMake("2030-01-01T00:00:00.750Z").epochMillis)
      const path = yield* getPlayPath(MusicId.make("qu-music-b0"))
      const until = DateTime.unsafeMake("2030-01-01T01:00:00Z")
      expect(path).toEqual({ url: `https://assets.example.test/qu/music/b.mp3#until=${until.epochMillis / 1000}`, expiresAt: until })
      const absolute = yield* getPlayPath(MusicId.make("qu-music-a0"))
      expect(absolute.url).toMatch(/^https:\/\/cdn\.example\.test\/music\/a\.mp3#/)
      expect(yield* Effect.flip(getPlayPath(MusicId.make("nope-nope")))).toMatchObject({ _tag: "NotFound", resource: "music" })
    }).pipe(Effect.provide(testLayer)))

  it.effect("listStickers(), listFrontStickers() and getFont() select by kind and id; unknown ids are NotFound", () =>
    Effect.gen(function*() {
      yield* importCatalogue({ catalogue: sampleCatalogue(), mode: "replace" })
      expect((yield* listStickers({ categoryId: cid(20), kind: "front" })).map((s) => s.id)).toEqual([150, 100])
      expect((yield* listStickers({ categoryId: cid(20), kind: "back" })).map((s) => s.id)).toEqual([200])
      expect((yield* listStickers({ categoryId: cid(10), kind: "back" }))).toEqual([])
      expect((yield* listFrontStickers()).map((s) => s.kind)).toEqual(["front", "front"])
      expect(yield* Effect.flip(listStickers({ categoryId: cid(11), kind: "front" }))).toMatchObject({ _tag: "NotFound" })
      expect((yield* getFont(cid(52))).name).toBe("趣.憧憬")
      expect(yield* Effect.flip(getFont(cid(53)))).toMatchObject({ _tag: "NotFound", resource: "font", id: "53" })
    }).pipe(Effect.provide(testLayer)))

  it.effect.prop("export after import returns what was imported (memory)", { catalogue: validCatalogue }, ({ catalogue }) =>
    Effect.gen(function*() {
      yield* importCatalogue({ catalogue, mode: "replace" })
      const text = encodeCatalogueFile((yield* stored).catalogue)
      const back = decodeCatalogueFile(text, DateTime.unsafeMake(0))
      expect(back).toEqual(Either.right(canonicalCatalogue(catalogue)))
    }).pipe(Effect.provide(Layer.merge(testLayer, Layer.succeed(CatalogueAssets, { md5: () => Effect.succeedNone })))),
    { fastCheck: { numRuns: 50 } })
})
