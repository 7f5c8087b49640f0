import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Either, Option } from "effect"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { decodeCatalogueFile, encodeCatalogueFile } from "../../adapters/catalogue_file/catalogue_file.ts"
import * as LocalAssets from "../../adapters/catalogue_file/local_assets.ts"
import { findAssetFile, localAssetPath } from "../../adapters/catalogue_file/local_assets.ts"
import { DEFAULT_CATALOGUE_FILE, loadDefaultCatalogue, SHIPPED_ASSETS_DIR } from "../../adapters/catalogue_file/shipped.ts"
import { catalogueProblems } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"
import { sampleCatalogue } from "../contracts/catalogue_repository.ts"
import "../contracts/_fixtures.ts"

const importedAt = DateTime.unsafeMake("2030-06-01T00:00:00Z")
const problemsOf = (json: unknown) => Either.match(decodeCatalogueFile(JSON.stringify(json), importedAt), {
  onLeft: (problems) => problems,
  onRight: () => []
})

describe("catalogue file", () => {
  it("decoding reports every problem with its JSON path, unknown keys included", () => {
    expect(problemsOf({
      version: 1,
      music: [{ musicId: "ab", title: "ok", url: "music/a.mp3" }, { musicId: "abc", title: "", url: "/abs.mp3" }],
      stickerCategories: [{ id: 1, name: "c", stickers: [{ id: 1.5, kind: "side", name: "s", url: "a/../b.zip" }] }],
      fonts: [{ id: 1, name: "f", url: "f.ttf", colour: "red" }],
      mvs: [{ id: 1, name: "m", variants: [{ aspect: "2:1", url: "m.zip", md5: "ABC" }], createdAt: "2024-05-01 10:00:00" }]
    })).toEqual([
      { path: "$.music[0].musicId", message: "must be 3 to 64 characters of letters, digits, '_', '.' or '-'" },
      { path: "$.music[1].title", message: "must be 1 to 128 characters" },
      { path: "$.music[1].url", message: expect.stringMatching(/^must be an http\(s\) URL or a relative path/) },
      { path: "$.stickerCategories[0].stickers[0].id", message: expect.stringMatching(/integer|whole number/) },
      { path: "$.stickerCategories[0].stickers[0].kind", message: "must be \"front\" or \"back\"" },
      { path: "$.stickerCategories[0].stickers[0].url", message: expect.stringMatching(/^must be an http\(s\) URL/) },
      { path: "$.mvs[0].createdAt", message: "must be an ISO-8601 time with a zone, e.g. 2024-05-01T10:00:00+08:00" },
      { path: "$.mvs[0].variants[0].aspect", message: "must be \"1:1\", \"4:3\" or \"16:9\"" },
      { path: "$.mvs[0].variants[0].md5", message: "must be 32 lower-case hex digits or empty" },
      { path: "$.fonts[0].colour", message: expect.stringMatching(/^is unexpected/) }
    ])
    expect(problemsOf({ music: [] })).toEqual([{ path: "$.version", message: "is missing" }])
    expect(Either.getLeft(decodeCatalogueFile("{ nope", importedAt)).pipe(Option.map((p) => p[0]!.path))).toEqual(Option.some("$"))
  })

  it("optional fields take their defaults: empty texts, 0, empty lists, createdAt = the import time", () => {
    const decoded = decodeCatalogueFile(JSON.stringify({
      version: 1,
      stickerCategories: [{ id: 3, name: "节日", stickers: [{ id: 9, kind: "back", name: "炮", url: "stickers/9.zip" }] }]
    }), importedAt)
    expect(decoded).toEqual(Either.right({
      music: [],
      stickerCategories: [{
        id: 3, name: "节日", description: "", icon: "", preview: "", level: 0, sort: 0, createdAt: importedAt,
        stickers: [{ id: 9, kind: "back", name: "炮", url: "stickers/9.zip", icon: "", preview: "", md5: "", sort: 0, createdAt: importedAt }]
      }],
      captionCategories: [],
      mvs: [],
      fonts: []
    }))
  })

  it("an exported file writes every field and reads back as the same catalogue", () => {
    const text = encodeCatalogueFile(sampleCatalogue())
    expect(text).toMatch(/^\{\n {2}"version": 1,\n/)
    expect(text).toContain("\"createdAt\": \"2019-03-19T06:32:38.000Z\"")
    expect(text).toContain("\"artistName\": \"\"")
    expect(decodeCatalogueFile(text, importedAt)).toEqual(Either.right(sampleCatalogue()))
  })

  it.effect("the shipped default catalogue is valid and as rich as issue 5 asks", () =>
    Effect.gen(function*() {
      const c = yield* loadDefaultCatalogue(importedAt)
      expect(catalogueProblems(c)).toEqual([])
      expect(c.music.length).toBeGreaterThanOrEqual(20)
      expect(c.music.every((t) => t.musicId.length >= 3)).toBe(true)
      expect(c.stickerCategories.length).toBeGreaterThanOrEqual(3)
      expect(c.stickerCategories.every((x) => x.stickers.length > 0)).toBe(true)
      expect(new Set(c.stickerCategories.flatMap((x) => x.stickers.map((s) => s.kind)))).toEqual(new Set(["front", "back"]))
      expect(c.captionCategories.length).toBeGreaterThanOrEqual(2)
      expect(c.captionCategories.every((x) => x.captions.length > 0)).toBe(true)
      expect(c.mvs.length).toBeGreaterThanOrEqual(3)
      expect(c.mvs.every((mv) => mv.variants.map((v) => v.aspect).sort().join() === "16:9,1:1,4:3")).toBe(true)
      expect(c.fonts.length).toBeGreaterThanOrEqual(3)
      expect(DEFAULT_CATALOGUE_FILE).toMatch(/default_catalogue\.json$/)
    }))

  it.scopedLive("local assets: md5 of files under the asset directories, by relative or own absolute URL", () =>
    Effect.gen(function*() {
      const dir = yield* scopedTempDir("qu-assets-")
      yield* Effect.promise(async () => {
        await mkdir(join(dir, "stickers", "节日"), { recursive: true })
        await writeFile(join(dir, "stickers", "节日", "炮.zip"), "hello\n")
      })
      const base = "http://localhost:8080/assets/"
      const md5 = (ref: string) =>
        Effect.flatMap(CatalogueAssets, (a) => a.md5(ref)).pipe(Effect.provide(LocalAssets.layer({ dirs: [dir, SHIPPED_ASSETS_DIR], assetBaseUrl: base })))
      expect(yield* md5("stickers/节日/炮.zip")).toEqual(Option.some("b1946ac92492d2347c6235b4d2611184"))
      expect(yield* md5(`${base}stickers/%E8%8A%82%E6%97%A5/%E7%82%AE.zip`)).toEqual(Option.some("b1946ac92492d2347c6235b4d2611184"))
      expect(yield* md5("avatars/avatar-01.png")).toEqual(Option.some(expect.stringMatching(/^[0-9a-f]{32}$/)))
      expect(yield* md5("stickers/missing.zip")).toEqual(Option.none())
      expect(yield* md5("https://cdn.example.test/stickers/节日/炮.zip")).toEqual(Option.none())
      expect(localAssetPath(`${base}a%ZZ`, base)).toEqual(Option.none())
      for (const escape of ["../package.json", "stickers/../../x", "./a", "a//b", "a\\b"]) {
        expect(yield* findAssetFile([dir], escape)).toEqual(Option.none())
      }
    }))
})

import { scopedTempDir } from "../fakes/temp_dir.ts"