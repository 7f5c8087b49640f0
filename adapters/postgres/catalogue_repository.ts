import { SqlClient, SqlError } from "@effect/sql"
import { Context, DateTime, Effect, Layer, Schema } from "effect"
import {
  type Catalogue, Caption, CaptionCategory, Font, MusicTrack, Mv, MvVariant, Sticker, StickerCategory
} from "../../core/domain/catalogue.ts"
import { CatalogueId } from "../../core/domain/catalogue_fields.ts"
import { canonicalCatalogue, catalogueChanged } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../../core/ports/catalogue_reader.ts"

// Rows as selected (camelCase after the client's name transform); timestamps arrive as Dates.
const createdAt = Schema.DateTimeUtcFromDate
const { stickers: _s, ...stickerCategoryFields } = StickerCategory.fields
const { captions: _c, ...captionCategoryFields } = CaptionCategory.fields
const { variants: _v, ...mvFields } = Mv.fields
const rows = <F extends Schema.Struct.Fields>(fields: F) => Schema.decodeUnknown(Schema.Array(Schema.Struct(fields)))
const decode = {
  state: rows({ revision: Schema.Number }),
  music: rows(MusicTrack.fields),
  stickerCategories: rows({ ...stickerCategoryFields, createdAt }),
  stickers: rows({ ...Sticker.fields, categoryId: CatalogueId, createdAt }),
  captionCategories: rows({ ...captionCategoryFields, createdAt }),
  captions: rows({ ...Caption.fields, categoryId: CatalogueId, createdAt }),
  mvs: rows({ ...mvFields, createdAt }),
  variants: rows({ ...MvVariant.fields, mvId: CatalogueId }),
  fonts: rows(Font.fields)
}

const groupBy = <A extends { readonly [k in K]: number }, K extends string>(items: ReadonlyArray<A>, key: K) => {
  const groups = new Map<number, Array<Omit<A, K>>>()
  for (const item of items) {
    const { [key]: id, ...rest } = item
    const group = groups.get(id)
    if (group === undefined) groups.set(id, [rest])
    else group.push(rest)
  }
  return (id: number) => groups.get(id) ?? []
}

const date = (t: DateTime.Utc) => DateTime.toDateUtc(t)
// Bind parameters per statement are limited (65535); the widest table has 10 columns.
const CHUNK = 1000
const isSqlError = (error: unknown): error is SqlError.SqlError => error instanceof SqlError.SqlError

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const revision = Effect.flatMap(sql`select revision from catalogue_state where id = 1`, decode.state).pipe(
    Effect.map((r) => r[0]?.revision ?? 0)
  )
  const insertAll = (table: string, records: ReadonlyArray<Record<string, unknown>>) =>
    Effect.forEach(
      Array.from({ length: Math.ceil(records.length / CHUNK) }, (_, i) => records.slice(i * CHUNK, (i + 1) * CHUNK)),
      (chunk) => sql`insert into ${sql(table)} ${sql.insert(chunk)}`,
      { discard: true }
    )

  // Statement by statement under READ COMMITTED: the revision read before and after proves no import landed between.
  const readOnce = Effect.gen(function*() {
    const before = yield* revision
    const [music, stickerCategories, stickers, captionCategories, captions, mvs, variants, fonts] = yield* Effect.all([
      Effect.flatMap(sql`select * from catalogue_music`, decode.music),
      Effect.flatMap(sql`select * from catalogue_sticker_categories`, decode.stickerCategories),
      Effect.flatMap(sql`select * from catalogue_stickers`, decode.stickers),
      Effect.flatMap(sql`select * from catalogue_caption_categories`, decode.captionCategories),
      Effect.flatMap(sql`select * from catalogue_captions`, decode.captions),
      Effect.flatMap(sql`select * from catalogue_mvs`, decode.mvs),
      Effect.flatMap(sql`select * from catalogue_mv_variants`, decode.variants),
      Effect.flatMap(sql`select * from catalogue_fonts`, decode.fonts)
    ])
    const after = yield* revision
    const stickersOf = groupBy(stickers, "categoryId")
    const captionsOf = groupBy(captions, "categoryId")
    const variantsOf = groupBy(variants, "mvId")
    const catalogue: Catalogue = {
      music,
      stickerCategories: stickerCategories.map((c) => ({ ...c, stickers: stickersOf(c.id) })),
      captionCategories: captionCategories.map((c) => ({ ...c, captions: captionsOf(c.id) })),
      mvs: mvs.map((mv) => ({ ...mv, variants: variantsOf(mv.id) })),
      fonts
    }
    return before === after ? { revision: after, catalogue: canonicalCatalogue(catalogue) } : undefined
  })
  const load: CatalogueReader["Type"]["load"] = readOnce.pipe(
    Effect.repeat({ until: (s) => s !== undefined, times: 9 }),
    Effect.flatMap((s) => s === undefined ? Effect.dieMessage("the catalogue kept changing while it was read") : Effect.succeed(s)),
    Effect.orDie,
    Effect.withSpan("CatalogueReader.load")
  )

  const write = (c: Catalogue) =>
    Effect.gen(function*() {
      // Children go with their parents (on delete cascade); fonts last, once no caption refers to them.
      for (const table of ["catalogue_music", "catalogue_sticker_categories", "catalogue_caption_categories", "catalogue_mvs", "catalogue_fonts"]) {
        yield* sql`delete from ${sql(table)}`
      }
      yield* insertAll("catalogue_fonts", c.fonts)
      yield* insertAll("catalogue_music", c.music)
      yield* insertAll("catalogue_sticker_categories", c.stickerCategories.map(({ stickers: _, ...x }) => ({ ...x, createdAt: date(x.createdAt) })))
      yield* insertAll("catalogue_stickers", c.stickerCategories.flatMap((category) =>
        category.stickers.map((s) => ({ ...s, categoryId: category.id, createdAt: date(s.createdAt) }))))
      yield* insertAll("catalogue_caption_categories", c.captionCategories.map(({ captions: _, ...x }) => ({ ...x, createdAt: date(x.createdAt) })))
      yield* insertAll("catalogue_captions", c.captionCategories.flatMap((category) =>
        category.captions.map((caption) => ({ ...caption, categoryId: category.id, createdAt: date(caption.createdAt) }))))
      yield* insertAll("catalogue_mvs", c.mvs.map(({ variants: _, ...x }) => ({ ...x, createdAt: date(x.createdAt) })))
      yield* insertAll("catalogue_mv_variants", c.mvs.flatMap((mv) => mv.variants.map((v) => ({ ...v, mvId: mv.id }))))
    })

  const replace = Effect.fn("CatalogueAdmin.replace")(function*(catalogue: Catalogue, expectedRevision: number) {
    return yield* sql.withTransaction(Effect.gen(function*() {
      // The row lock taken here makes a concurrent import wait, then find the revision changed.
      const bumped = yield* Effect.flatMap(
        sql`update catalogue_state set revision = revision + 1, imported_at = now()
          where id = 1 and revision = ${expectedRevision} returning revision`,
        decode.state
      )
      const next = bumped[0]?.revision
      if (next === undefined) return yield* catalogueChanged(expectedRevision, yield* revision)
      yield* write(catalogue)
      return next
    })).pipe(Effect.catchIf(isSqlError, Effect.die), Effect.catchTag("ParseError", Effect.die))
  })

  return Context.make(CatalogueReader, CatalogueReader.of({ revision: Effect.orDie(revision), load }))
    .pipe(Context.add(CatalogueAdmin, CatalogueAdmin.of({ replace })))
})

/** The catalogue in PostgreSQL (or PGlite); needs a SqlClient with camelCase rows (see client.ts). */
export const layer = Layer.effectContext(make)
