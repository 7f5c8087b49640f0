import { DateTime, Schema } from "effect"

// The field types of the catalogue's entries (catalogue.ts), with the messages a catalogue file's author sees.

const INT32_MAX = 2_147_483_647

/** The id of a catalogue entry (category, sticker, caption, MV, font): a positive 32-bit integer, as the apps parse it. */
export const CatalogueId = Schema.Int.pipe(
  Schema.between(1, INT32_MAX, { message: () => `must be a whole number from 1 to ${INT32_MAX}` }),
  Schema.brand("CatalogueId")
)
export type CatalogueId = typeof CatalogueId.Type

/** A music track's id: 3..64 letters, digits, `_`, `.` or `-` (the iOS app needs at least 3 characters). */
export const MusicId = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9_.-]{3,64}$/, {
    message: () => "must be 3 to 64 characters of letters, digits, '_', '.' or '-'"
  }),
  Schema.brand("MusicId")
)
export type MusicId = typeof MusicId.Type

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** A display name: 1..128 characters without control characters. */
export const Label = Schema.String.pipe(
  Schema.filter((s) =>
    s.length < 1 || s.length > 128
      ? "must be 1 to 128 characters"
      : CONTROL.test(s)
      ? "must not contain control characters"
      : true
  )
)

/** A free text of at most 1024 characters without NUL (PostgreSQL cannot store it). */
export const Text = Schema.String.pipe(
  Schema.filter((s) => s.length > 1024 ? "must be at most 1024 characters" : s.includes("\u0000") ? "must not contain NUL" : true)
)

const ABSOLUTE = /^https?:\/\/[^\s/?#]+[^\s]*$/
const RELATIVE = /^(?![/\\])(?!.*(?:^|\/)\.\.?(?:\/|$))[^\s?#\\:%]+$/

/**
 * Where a file lives: an absolute http(s) URL, or a path relative to the asset base URL (`stickers/heart.png`,
 * no leading `/`, no `.`/`..` segments, no `:`, `%` or query); `""` when there is none (optional pictures only).
 */
export const AssetRef = Schema.String.pipe(
  Schema.filter((s) =>
    s === "" || ABSOLUTE.test(s) || RELATIVE.test(s) && s.length <= 1024 ||
    "must be an http(s) URL or a relative path such as stickers/heart.png (no leading /, no .., no :, % or ?)",
    {
      arbitrary: () => (fc) =>
        fc.oneof(
          fc.constant(""),
          fc.stringMatching(/^[a-z0-9]{1,8}(?:\/[a-z0-9_-]{1,8}){0,2}\.(?:png|zip|mp3)$/),
          fc.stringMatching(/^https:\/\/cdn\.example\.test\/[a-z0-9]{1,8}\.png$/)
        )
    }
  )
)

/** An {@link AssetRef} that must be present (the file a client downloads). */
export const RequiredAssetRef = AssetRef.pipe(Schema.filter((s) => s !== "" || "must not be empty"))

/** The md5 of a file as 32 lower-case hex digits, or `""` when unknown. */
export const Md5 = Schema.String.pipe(
  Schema.pattern(/^(?:[0-9a-f]{32})?$/, { message: () => "must be 32 lower-case hex digits or empty" })
)

/** An ordering key: lists are served by ascending `sort`, ties by id. */
export const Sort = Schema.Int.pipe(Schema.between(-INT32_MAX - 1, INT32_MAX, { message: () => "must be a 32-bit whole number" }))
/** A level or duration in whole units: 0..2147483647. */
export const Count = Schema.Int.pipe(Schema.between(0, INT32_MAX, { message: () => `must be a whole number from 0 to ${INT32_MAX}` }))

/** A page number or page size of the recommended music: 1..50. */
export const MusicPageBound = Schema.Int.pipe(Schema.between(1, 50, { message: () => "must be a whole number from 1 to 50" }))

/** An instant written as ISO-8601 with a zone (`2024-05-01T10:00:00+08:00` or `…Z`), years 1900..2999. */
export const Instant = Schema.compose(
  Schema.String.pipe(Schema.pattern(
    /^(?:19|2\d)\d\d-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)$/,
    { message: () => "must be an ISO-8601 time with a zone, e.g. 2024-05-01T10:00:00+08:00" }
  )),
  Schema.DateTimeUtc
).annotations({
  arbitrary: () => (fc) =>
    fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
      .map((d) => DateTime.unsafeMake(d))
})
