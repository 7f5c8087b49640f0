import { Context, DateTime, Duration, Effect, Layer, Option, type Redacted } from "effect"
import * as LocalAssets from "../adapters/catalogue_file/local_assets.ts"
import { loadDefaultCatalogue, SHIPPED_ASSETS_DIR } from "../adapters/catalogue_file/shipped.ts"
import * as UrlSigners from "../adapters/cdn/url_signer.ts"
import * as LocalUrlSigner from "../adapters/local_media/url_signer.ts"
import { AssetAccess, layerOpen } from "../adapters/http/handlers/asset_access.ts"
import { AssetFiles } from "../adapters/http/handlers/asset_files.ts"
import { CatalogueWire } from "../adapters/http/wire/catalogue_wire.ts"
import * as FastPathTable from "../adapters/http/lane/table.ts"
import type { Catalogue } from "../core/domain/catalogue.ts"
import { CatalogueAdmin } from "../core/ports/catalogue_admin.ts"
import { CatalogueReader } from "../core/ports/catalogue_reader.ts"
import { CatalogueSettings } from "../core/ports/catalogue_settings.ts"
import { CatalogueCache, cachedCatalogue } from "../core/caches/catalogue_cache.ts"
import { seedCatalogue } from "../core/use_cases/catalogue/import_catalogue.ts"

/** Catalogue settings read from configuration (QU_ASSET_BASE_URL, QU_MUSIC_URL_TTL, QU_CDN_*, QU_CATALOGUE_CACHE_TTL). */
export interface CatalogueOptions {
  /** Ends with `/`. */
  readonly assetBaseUrl: string
  /** QU_DATA_DIR/assets; only the shipped placeholders are served when not given. */
  readonly assetsDir?: string | undefined
  readonly musicUrlTtlSeconds: number
  readonly catalogueCacheTtl: Duration.Duration
  readonly cdnAuthKey: Option.Option<Redacted.Redacted<string>>
  readonly cdnAuthValidity: number
  readonly timeZone: DateTime.TimeZone
  /** Seeded on a first start instead of the shipped default catalogue (tests). */
  readonly initialCatalogue?: Catalogue | undefined
}

/** The directories served under /assets/ and searched for md5s: QU_DATA_DIR/assets first, then the shipped ones. */
export const assetDirs = (assetsDir: string | undefined): ReadonlyArray<string> =>
  assetsDir === undefined ? [SHIPPED_ASSETS_DIR] : [assetsDir, SHIPPED_ASSETS_DIR]

/**
 * URL signing and the /assets/ access check: with a CDN key the CDN checks (all requests open here); without one this
 * server signs its own expiring URLs with a key made at start and checks them on /assets/.
 */
const assetSigning = (options: CatalogueOptions) =>
  Option.match(options.cdnAuthKey, {
    onSome: (privateKey) =>
      Layer.merge(UrlSigners.layer({ privateKey, edgeValiditySeconds: options.cdnAuthValidity }), layerOpen),
    onNone: () =>
      Layer.unwrapEffect(Effect.map(LocalUrlSigner.randomKey, (privateKey) => {
        const local = { privateKey, assetBaseUrl: options.assetBaseUrl, signedPrefixes: LocalUrlSigner.DEFAULT_SIGNED_PREFIXES }
        return Layer.merge(
          LocalUrlSigner.layer(local),
          Layer.succeed(AssetAccess, AssetAccess.of({ allows: LocalUrlSigner.checker(local) }))
        )
      }))
  })

/** Settings, URL signing, local asset md5s and wire settings of the catalogue. */
export const catalogueSupport = (options: CatalogueOptions) =>
  Layer.mergeAll(
    Layer.succeed(CatalogueSettings, CatalogueSettings.of({
      assetBaseUrl: options.assetBaseUrl,
      playUrlTtl: Duration.seconds(options.musicUrlTtlSeconds)
    })),
    assetSigning(options),
    Layer.succeed(AssetFiles, AssetFiles.of({
      find: (path) => LocalAssets.findAssetFile(assetDirs(options.assetsDir), path)
    })),
    LocalAssets.layer({ dirs: assetDirs(options.assetsDir), assetBaseUrl: options.assetBaseUrl }),
    Layer.succeed(CatalogueWire, CatalogueWire.of({ timeZone: options.timeZone, assetBaseUrl: options.assetBaseUrl }))
  )

// Seeds a never-imported catalogue, then wraps the stored one in the (warmed) cache whose snapshot the fast path reads.
const cachedAndSeeded = (options: CatalogueOptions) =>
  Layer.effectContext(Effect.gen(function*() {
    if ((yield* (yield* CatalogueReader).revision) === 0) {
      const initial = options.initialCatalogue ?? (yield* loadDefaultCatalogue(yield* DateTime.now))
      if (yield* Effect.orDie(seedCatalogue(initial))) {
        yield* Effect.logInfo("catalogue: loaded the initial catalogue into the empty database").pipe(
          Effect.annotateLogs({ music: initial.music.length, stickerCategories: initial.stickerCategories.length })
        )
      }
    }
    const { admin, cache, reader } = yield* cachedCatalogue({ ttl: options.catalogueCacheTtl })
    // Warm: the fast path can answer from the first request on.
    yield* reader.load
    return Context.make(CatalogueReader, reader).pipe(Context.add(CatalogueAdmin, admin), Context.add(CatalogueCache, cache))
  }))

/**
 * The catalogue as the server uses it: seeded on a first start, read through the in-memory cache (whose answers the
 * fast path serves from the snapshot the cache peeks), with its settings. Needs the database's CatalogueReader and
 * CatalogueAdmin, and provides cached ones in their place, with the CatalogueCache and the FastPath table.
 */
export const catalogueLayer = (options: CatalogueOptions) =>
  FastPathTable.layer.pipe(
    Layer.provideMerge(cachedAndSeeded(options)),
    Layer.provideMerge(catalogueSupport(options))
  )
