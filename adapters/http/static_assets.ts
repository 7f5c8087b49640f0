import { HttpApiBuilder, HttpPlatform, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { findAssetFile } from "../catalogue_file/local_assets.ts"

/** The path prefix asset files are served under (catalogue pictures and downloads, avatars). */
export const ASSET_PATH_PREFIX = "/assets/"

const notFound = HttpServerResponse.text("Not found\n", { status: 404 })

/**
 * Serves `GET`/`HEAD /assets/<path>` from the first of `dirs` holding the file (QU_DATA_DIR/assets, then the shipped
 * placeholders), with its media type and an ETag; a plain 404 otherwise, as file clients expect. Paths that could
 * leave the directories are not found. Ranges are not supported: every answer is the whole file.
 */
export const layer = (dirs: ReadonlyArray<string>): Layer.Layer<never, never, HttpPlatform.HttpPlatform> =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const platform = yield* HttpPlatform.HttpPlatform
      const serve = Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const path = request.url.split("?")[0]!.slice(ASSET_PATH_PREFIX.length)
        const relative = Option.liftThrowable(decodeURIComponent)(path)
        if (Option.isNone(relative)) return notFound
        const file = yield* findAssetFile(dirs, relative.value)
        if (Option.isNone(file)) return notFound
        return yield* HttpServerResponse.file(file.value, { headers: { "cache-control": "public, max-age=300" } }).pipe(
          Effect.provideService(HttpPlatform.HttpPlatform, platform),
          Effect.orElseSucceed(() => notFound)
        )
      })
      yield* router.get(`${ASSET_PATH_PREFIX}*`, serve)
      yield* router.head(`${ASSET_PATH_PREFIX}*`, serve)
    }))
