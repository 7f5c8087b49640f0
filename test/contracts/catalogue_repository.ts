import { expect, layer } from "@effect/vitest"
import { Arbitrary, Cause, DateTime, Effect, Exit, type Layer } from "effect"
import { Catalogue, emptyCatalogue, type MvVariant, type Sticker } from "../../core/domain/catalogue.ts"
import { CatalogueId, MusicId } from "../../core/domain/catalogue_fields.ts"
import { canonicalCatalogue } from "../../core/domain/catalogue_rules.ts"
import { Conflict } from "../../core/domain/errors.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import { Transactor } from "../../core/ports/transactor.ts"
import "./_fixtures.ts"

/** A catalogue id. */
export const cid = (n: number) => CatalogueId.make(n)
const at = (iso: string) => DateTime.unsafeMake(iso)

const sticker = (n: number, kind: Sticker["kind"], sort: number): Sticker => ({
  id: cid(n),
  kind,
  name: `贴纸 ${n} "q"`,
  icon: `stickers/${n}/icon.png`,
  preview: `https://cdn.example.test/stickers/${n}/preview.gif`,
  url: `stickers/${n}.zip`,
  md5: n % 2 === 0 ? "" : "0123456789abcdef0123456789abcdef",
  sort,
  createdAt: at(`2024-03-${String(10 + (n % 10)).padStart(2, "0")}T06:32:38.123Z`)
})

/**
 * A catalogue touching every field, with Chinese text, quotes and emoji, absolute and relative references and lists
 * out of canonical order. `variant` shifts ids, names and sorts so two samples differ everywhere.
 */
export const sampleCatalogue = (variant = 0): Catalogue => ({
  music: [
    { musicId: MusicId.make(`qu-music-b${variant}`), title: `夏日 "晴空" 🎵 ${variant}`, artistName: "趣 Studio", durationSeconds: 219, source: "qu", image: "music/covers/b.png", url: "music/b.mp3", sort: 2 },
    { musicId: MusicId.make(`qu-music-a${variant}`), title: "Candy", artistName: "", durationSeconds: 0, source: "", image: "", url: "https://cdn.example.test/music/a.mp3", sort: 2 },
    { musicId: MusicId.make(`T1003${variant}`), title: "超感应", artistName: "N.O.D", durationSeconds: 200, source: "TaiHe", image: "music/covers/t.png", url: "music/t.mp3", sort: -5 }
  ],
  stickerCategories: [
    { id: cid(20 + variant), name: "情人节", description: "情人节动图\n第二行", icon: "stickers/c20.png", preview: "", level: 1, sort: 46, createdAt: at("2019-03-19T06:32:38.000Z"), stickers: [sticker(200 + variant, "back", 3), sticker(100 + variant, "front", 3), sticker(150 + variant, "front", -1)] },
    { id: cid(10 + variant), name: "新年", description: "", icon: "", preview: "", level: 0, sort: 45, createdAt: at("2019-03-19T06:32:18.000Z"), stickers: [] }
  ],
  captionCategories: [
    {
      id: cid(30 + variant), name: "气泡框", description: "简洁气泡框", icon: "captions/c30.png", preview: "captions/c30.gif", level: 2, sort: 3, createdAt: at("2019-03-19T06:21:58.000Z"),
      captions: [
        { id: cid(964 + variant), fontId: cid(52 + variant), name: "yajing", icon: "", preview: "", url: "captions/964.zip", md5: "", sort: 1, createdAt: at("2019-03-19T06:21:43.000Z") },
        { id: cid(963 + variant), fontId: cid(89 + variant), name: "beiers", icon: "captions/963.png", preview: "", url: "https://cdn.example.test/captions/963.zip", md5: "fedcba9876543210fedcba9876543210", sort: 0, createdAt: at("2019-03-19T06:21:42.000Z") }
      ]
    }
  ],
  mvs: [
    {
      id: cid(104 + variant), name: "relax", icon: "mv/104.png", previewPic: "mv/104.jpg", previewMp4: "mv/104.mp4", durationSeconds: 15, level: 1, sort: 8, createdAt: at("2019-03-19T06:21:21.000Z"),
      variants: [
        { aspect: "16:9", url: "mv/104-16x9.zip", md5: "" },
        { aspect: "1:1", url: "mv/104-1x1.zip", md5: "00000000000000000000000000000001" },
        { aspect: "4:3", url: "mv/104-4x3.zip", md5: "" }
      ]
    }
  ],
  fonts: [
    { id: cid(89 + variant), name: "趣.黑体", banner: "", icon: "fonts/89.png", url: "fonts/89.ttf", md5: "", level: 0, sort: 2 },
    { id: cid(52 + variant), name: "趣.憧憬", banner: "fonts/52-banner.jpg", icon: "fonts/52.png", url: "fonts/52.ttf", md5: "", level: 1, sort: 1 }
  ]
})

const uniqueBy = <A>(items: ReadonlyArray<A>, key: (a: A) => unknown) => {
  const seen = new Set<unknown>()
  return items.filter((a) => !seen.has(key(a)) && seen.add(key(a)))
}

/** The rules restored on any schema-valid catalogue: ids renumbered, captions on existing fonts, aspects once each. */
export const makeValid = (c: Catalogue): Catalogue => {
  let last = 0
  const next = () => cid(++last)
  const fonts = c.fonts.map((f) => ({ ...f, id: next() }))
  const variant: MvVariant = { aspect: "1:1", url: "mv/default.zip", md5: "" }
  return {
    music: uniqueBy(c.music, (t) => t.musicId),
    stickerCategories: c.stickerCategories.map((category) => ({
      ...category,
      id: next(),
      stickers: category.stickers.map((s) => ({ ...s, id: next() }))
    })),
    captionCategories: c.captionCategories.map((category) => ({
      ...category,
      id: next(),
      captions: fonts.length === 0
        ? []
        : category.captions.map((caption, i) => ({ ...caption, id: next(), fontId: fonts[i % fonts.length]!.id }))
    })),
    mvs: c.mvs.map((mv) => {
      const variants = uniqueBy(mv.variants, (v) => v.aspect)
      return { ...mv, id: next(), variants: variants.length === 0 ? [variant] : variants }
    }),
    fonts
  }
}

/** Any catalogue the rules accept, from the domain schemas' arbitraries. */
export const validCatalogue = Arbitrary.make(Catalogue).map(makeValid)

const current = Effect.flatMap(CatalogueReader, (reader) => reader.load)

/** Replaces the stored catalogue whatever its revision; returns the new revision. */
export const store = (catalogue: Catalogue) =>
  Effect.gen(function*() {
    const { revision } = yield* current
    return yield* (yield* CatalogueAdmin).replace(catalogue, revision)
  })

/** The CatalogueReader/CatalogueAdmin contract; atomicity is also checked inside the Transactor's unit of work. */
export const catalogueRepositoryContract = <E>(
  name: string,
  repositories: Layer.Layer<CatalogueReader | CatalogueAdmin | Transactor, E>
) =>
  layer(repositories)(name, (it) => {
    it.effect("replace() stores a catalogue; load() returns it in canonical order with the next revision", () =>
      Effect.gen(function*() {
        const reader = yield* CatalogueReader
        const before = yield* reader.revision
        const revision = yield* (yield* CatalogueAdmin).replace(sampleCatalogue(), before)
        expect(revision).toBe(before + 1)
        expect(yield* reader.revision).toBe(revision)
        expect(yield* current).toEqual({ revision, catalogue: canonicalCatalogue(sampleCatalogue()) })
      }))

    it.effect("replace() expecting a stale revision is a Conflict and changes nothing", () =>
      Effect.gen(function*() {
        const revision = yield* store(sampleCatalogue(1))
        const conflict = yield* Effect.flip((yield* CatalogueAdmin).replace(sampleCatalogue(2), revision - 1))
        expect(conflict).toBeInstanceOf(Conflict)
        expect(yield* current).toEqual({ revision, catalogue: canonicalCatalogue(sampleCatalogue(1)) })
      }))

    it.effect("replace() drops every entry the new catalogue lacks; an empty catalogue empties every list", () =>
      Effect.gen(function*() {
        yield* store(sampleCatalogue(1))
        yield* store(sampleCatalogue(2))
        expect((yield* current).catalogue).toEqual(canonicalCatalogue(sampleCatalogue(2)))
        const revision = yield* store(emptyCatalogue)
        expect(yield* current).toEqual({ revision, catalogue: emptyCatalogue })
      }))

    it.effect("two replace() calls expecting the same revision: exactly one lands", () =>
      Effect.gen(function*() {
        const admin = yield* CatalogueAdmin
        const { revision } = yield* current
        const exits = yield* Effect.all(
          [admin.replace(sampleCatalogue(3), revision), admin.replace(sampleCatalogue(4), revision)].map(Effect.exit),
          { concurrency: 2 }
        )
        expect(exits.filter(Exit.isSuccess).length).toBe(1)
        const winner = Exit.isSuccess(exits[0]!) ? 3 : 4
        expect(yield* current).toEqual({ revision: revision + 1, catalogue: canonicalCatalogue(sampleCatalogue(winner)) })
      }))

    it.effect("replace() of a catalogue that breaks the rules dies and leaves the stored one whole", () =>
      Effect.gen(function*() {
        const revision = yield* store(sampleCatalogue(5))
        const orphan = { ...sampleCatalogue(6), fonts: [] }
        const exit = yield* Effect.exit((yield* CatalogueAdmin).replace(orphan, revision))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(yield* current).toEqual({ revision, catalogue: canonicalCatalogue(sampleCatalogue(5)) })
      }))

    it.effect("replace() inside a unit of work that then fails is undone", () =>
      Effect.gen(function*() {
        const revision = yield* store(sampleCatalogue(7))
        const failure = new Conflict({ message: "Cannot finish: on purpose" })
        yield* Effect.flip((yield* Transactor).withTransaction(
          Effect.zipRight((yield* CatalogueAdmin).replace(sampleCatalogue(8), revision), failure)
        ))
        expect(yield* current).toEqual({ revision, catalogue: canonicalCatalogue(sampleCatalogue(7)) })
      }))

    it.effect.prop("replace() then load() returns any valid catalogue, in canonical order", { catalogue: validCatalogue }, ({ catalogue }) =>
      Effect.gen(function*() {
        const revision = yield* store(catalogue)
        expect(yield* current).toEqual({ revision, catalogue: canonicalCatalogue(catalogue) })
      }), { fastCheck: { numRuns: 15 } })

    it.effect("replace() stores a catalogue larger than one insert statement takes (2,500 stickers)", () =>
      Effect.gen(function*() {
        const big: Catalogue = {
          ...emptyCatalogue,
          stickerCategories: [{
            ...sampleCatalogue().stickerCategories[0]!,
            stickers: Array.from({ length: 2500 }, (_, i) => sticker(i + 1, i % 2 ? "front" : "back", i % 7))
          }]
        }
        yield* store(big)
        expect((yield* current).catalogue).toEqual(canonicalCatalogue(big))
      }))
  })
