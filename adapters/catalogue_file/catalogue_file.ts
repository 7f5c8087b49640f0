import { DateTime, Either, ParseResult, Schema } from "effect"
import { type Catalogue, MvAspect, StickerKind } from "../../core/domain/catalogue.ts"
import {
  AssetRef, CatalogueId, Count, Instant, Label, Md5, MusicId, RequiredAssetRef, Sort, Text
} from "../../core/domain/catalogue_fields.ts"
import type { CatalogueProblem } from "../../core/domain/catalogue_rules.ts"

/** The version of the file format this server reads and writes. */
export const FORMAT_VERSION = 1

const or = <S extends Schema.Schema.Any>(schema: S, fallback: Schema.Schema.Type<S>) =>
  Schema.optionalWith(schema, { default: () => fallback, exact: true })

/**
 * The catalogue file (docs/catalogue.md): the domain catalogue plus `version`, with optional fields defaulted
 * (texts and pictures `""`, numbers 0, lists empty, `createdAt` the import time). Export writes every field.
 */
export const catalogueFileSchema = (importedAt: DateTime.Utc) => {
  const entry = { icon: or(AssetRef, ""), preview: or(AssetRef, ""), md5: or(Md5, ""), sort: or(Sort, 0), createdAt: or(Instant, importedAt) }
  const category = {
    id: CatalogueId,
    name: Label,
    description: or(Text, ""),
    icon: or(AssetRef, ""),
    preview: or(AssetRef, ""),
    level: or(Count, 0),
    sort: or(Sort, 0),
    createdAt: or(Instant, importedAt)
  }
  const Sticker = Schema.Struct({ id: CatalogueId, kind: StickerKind, name: Label, url: RequiredAssetRef, ...entry })
  const Caption = Schema.Struct({ id: CatalogueId, fontId: CatalogueId, name: Label, url: RequiredAssetRef, ...entry })
  return Schema.Struct({
    version: Schema.Literal(FORMAT_VERSION),
    music: or(Schema.Array(Schema.Struct({
      musicId: MusicId,
      title: Label,
      artistName: or(Text, ""),
      durationSeconds: or(Count, 0),
      source: or(Text, ""),
      image: or(AssetRef, ""),
      url: RequiredAssetRef,
      sort: or(Sort, 0)
    })), []),
    stickerCategories: or(Schema.Array(Schema.Struct({ ...category, stickers: or(Schema.Array(Sticker), []) })), []),
    captionCategories: or(Schema.Array(Schema.Struct({ ...category, captions: or(Schema.Array(Caption), []) })), []),
    mvs: or(Schema.Array(Schema.Struct({
      id: CatalogueId,
      name: Label,
      icon: or(AssetRef, ""),
      previewPic: or(AssetRef, ""),
      previewMp4: or(AssetRef, ""),
      durationSeconds: or(Count, 0),
      level: or(Count, 0),
      sort: or(Sort, 0),
      createdAt: or(Instant, importedAt),
      variants: Schema.Array(Schema.Struct({ aspect: MvAspect, url: RequiredAssetRef, md5: or(Md5, "") }))
    })), []),
    fonts: or(Schema.Array(Schema.Struct({
      id: CatalogueId,
      name: Label,
      banner: or(AssetRef, ""),
      icon: or(AssetRef, ""),
      url: RequiredAssetRef,
      md5: or(Md5, ""),
      level: or(Count, 0),
      sort: or(Sort, 0)
    })), [])
  })
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A parse path as a JSON path: `$.music[3].musicId`. */
export const jsonPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) =>
    typeof key === "number" ? `${out}[${key}]`
    : IDENTIFIER.test(String(key)) ? `${out}.${String(key)}`
    : `${out}[${JSON.stringify(String(key))}]`, "$")

/**
 * Reads a catalogue file's text: every schema problem (unknown keys included, they are usually typos) with its JSON
 * path, or the catalogue. Cross-entry rules (unique ids, font references) are the import's to check.
 */
export const decodeCatalogueFile = (
  text: string,
  importedAt: DateTime.Utc
): Either.Either<Catalogue, ReadonlyArray<CatalogueProblem>> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return Either.left([{ path: "$", message: `is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }])
  }
  const decoded = Schema.decodeUnknownEither(catalogueFileSchema(importedAt), { errors: "all", onExcessProperty: "error" })(json)
  return Either.match(decoded, {
    onLeft: (error) =>
      Either.left(ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
        path: jsonPath(issue.path),
        message: issue.message
      }))),
    onRight: ({ version: _, ...catalogue }) => Either.right(catalogue)
  })
}

/** The catalogue as a file: every field written, two-space indented, ending with a newline. */
export const encodeCatalogueFile = (catalogue: Catalogue): string => {
  // Defaults only apply when decoding, so any instant will do.
  const encoded = Schema.encodeSync(catalogueFileSchema(DateTime.unsafeMake(0)))({ version: FORMAT_VERSION, ...catalogue })
  return `${JSON.stringify(encoded, null, 2)}\n`
}
