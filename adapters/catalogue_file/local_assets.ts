import { Effect, Layer, Option } from "effect"
import { createHash } from "node:crypto"
import { createReadStream } from "node:fs"
import { stat } from "node:fs/promises"
import { join, resolve, sep } from "node:path"
import { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"

/**
 * The file `relativePath` (already percent-decoded, `/`-separated) names in the first of `dirs` that has it; none for
 * a path that could leave its directory (`..`, `.`, empty segments, backslashes, NUL) or names no regular file.
 */
export const findAssetFile = (dirs: ReadonlyArray<string>, relativePath: string): Effect.Effect<Option.Option<string>> => {
  const segments = relativePath.split("/")
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\u0000"))) {
    return Effect.succeed(Option.none())
  }
  return Effect.promise(async () => {
    for (const dir of dirs) {
      const root = resolve(dir)
      const path = join(root, ...segments)
      if (!path.startsWith(root + sep)) continue
      const info = await stat(path).catch(() => undefined)
      if (info?.isFile()) return Option.some(path)
    }
    return Option.none()
  })
}

const md5Of = (path: string) =>
  Effect.async<string, Error>((resume) => {
    const hash = createHash("md5")
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", (error) => resume(Effect.fail(error)))
      .on("end", () => resume(Effect.succeed(hash.digest("hex"))))
  })

/** Where this server's own asset files live and the URL they are served under. */
export interface LocalAssetsOptions {
  /** Searched in order: QU_DATA_DIR/assets, then the shipped placeholders. */
  readonly dirs: ReadonlyArray<string>
  /** Absolute references under this base (ending in `/`) are local files too. */
  readonly assetBaseUrl: string
}

/** The asset path a reference names on this server: a relative reference, or an absolute one under the base URL. */
export const localAssetPath = (ref: string, assetBaseUrl: string): Option.Option<string> => {
  if (ref === "") return Option.none()
  if (!/^https?:\/\//.test(ref)) return Option.some(ref)
  if (!ref.startsWith(assetBaseUrl)) return Option.none()
  const path = ref.slice(assetBaseUrl.length).split(/[?#]/)[0]!
  try {
    return Option.some(decodeURIComponent(path))
  } catch {
    return Option.none()
  }
}

/** md5 of the local files asset references name; references to other hosts and missing files have none. */
export const layer = (options: LocalAssetsOptions) =>
  Layer.succeed(CatalogueAssets, CatalogueAssets.of({
    md5: (ref) =>
      Option.match(localAssetPath(ref, options.assetBaseUrl), {
        onNone: () => Effect.succeedNone,
        onSome: (path) =>
          Effect.flatMap(findAssetFile(options.dirs, path), Option.match({
            onNone: () => Effect.succeedNone,
            // A file that vanishes or cannot be read has no md5, like a missing one.
            onSome: (file) => md5Of(file).pipe(Effect.option)
          }))
      })
  }))
