import { Effect, Option } from "effect"
import { ValidationError } from "./errors.ts"

const invalid = (parameter: string, message: string) => Effect.fail(new ValidationError({ parameter, message }))

const utf8Length = (s: string): number => {
  let bytes = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return bytes
}

/** A title: not blank, at most 128 UTF-8 bytes (the cloud's limit). */
export const checkTitle = (title: string, parameter = "title") =>
  title.trim() === ""
    ? invalid(parameter, `${parameter} must not be blank`)
    : utf8Length(title) > 128
    ? invalid(parameter, `${parameter} must be at most 128 bytes of UTF-8`)
    : Effect.succeed(title)

/**
 * A file name whose extension (any case) is in the allow-list. Apps may send the full local path (the Android app
 * sends `/storage/emulated/0/DCIM/Camera/VID_1.mp4`): its last component is the name (docs/reference/api-contract.md §4).
 */
export const checkFileName = (path: string, extensions: ReadonlySet<string>) => {
  const fileName = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1)
  const dot = fileName.lastIndexOf(".")
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : ""
  if (fileName.trim() === "") return invalid("fileName", "fileName must name a file, e.g. movie.mp4")
  if (utf8Length(fileName) > 255) return invalid("fileName", "fileName must be at most 255 bytes")
  if (ext === "") return invalid("fileName", "fileName must carry an extension, e.g. movie.mp4")
  if (!extensions.has(ext)) {
    return invalid("fileName", `fileName extension .${ext} is not a supported video type (${[...extensions].join(", ")})`)
  }
  return Effect.succeed(fileName)
}

/** An optional declared file size: a whole number of bytes from 0 to `max`. */
export const checkFileSize = (size: Option.Option<number>, max: number) =>
  Option.match(size, {
    onNone: () => Effect.succeed(size),
    onSome: (n) =>
      Number.isInteger(n) && n >= 0 && n <= max
        ? Effect.succeed(size)
        : invalid("fileSize", `fileSize must be a whole number of bytes from 0 to ${max}`)
  })

/** Comma-separated tags: at most 16, each at most 32 characters; blanks dropped. */
export const parseTags = (tags: Option.Option<string>) => {
  const list = Option.match(tags, {
    onNone: () => [] as Array<string>,
    onSome: (s) => s.split(",").map((t) => t.trim()).filter((t) => t !== "")
  })
  if (list.length > 16) return invalid("tags", "tags must be at most 16 comma-separated items")
  if (list.some((t) => [...t].length > 32)) return invalid("tags", "each tag must be at most 32 characters")
  return Effect.succeed(list as ReadonlyArray<string>)
}

/** An optional description of at most 1024 characters. */
export const checkDescription = (description: Option.Option<string>) =>
  Option.exists(description, (d) => [...d].length > 1024)
    ? invalid("description", "description must be at most 1024 characters")
    : Effect.succeed(description)

/** The longest URL stored (cover, file and snapshot URLs). */
export const MAX_URL_LENGTH = 2048

/**
 * Whether `url` may be stored and shown to apps: an absolute http or https URL of at most {@link MAX_URL_LENGTH}
 * characters, without whitespace or control characters (so never `javascript:`, `data:` or a relative path).
 */
export const isWebUrl = (url: string): boolean => {
  if (url.length > MAX_URL_LENGTH || /[\s\u0000-\u001f\u007f]/.test(url)) return false
  try {
    const parsed = new URL(url)
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== ""
  } catch {
    return false
  }
}

/** An optional URL given by an app (blank counts as absent): a web URL, see {@link isWebUrl}. */
export const checkUrl = (parameter: string, url: Option.Option<string>) => {
  const given = Option.filter(Option.map(url, (u) => u.trim()), (u) => u !== "")
  return Option.exists(given, (u) => !isWebUrl(u))
    ? invalid(parameter, `${parameter} must be an http or https URL of at most ${MAX_URL_LENGTH} characters`)
    : Effect.succeed(given)
}

/** An optional category name of at most 64 characters. */
export const checkCateName = (cateName: Option.Option<string>) =>
  Option.exists(cateName, (c) => [...c].length > 64)
    ? invalid("cateName", "cateName must be at most 64 characters")
    : Effect.succeed(cateName)
