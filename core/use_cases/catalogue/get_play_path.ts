import { DateTime, Duration, Effect, Option } from "effect"
import type { MusicId } from "../../domain/catalogue_fields.ts"
import { findMusic, resolveAssetUrl } from "../../domain/catalogue_query.ts"
import { NotFound } from "../../domain/errors.ts"
import { CatalogueReader } from "../../ports/catalogue_reader.ts"
import { CatalogueSettings } from "../../ports/catalogue_settings.ts"
import { UrlSigner } from "../../ports/url_signer.ts"

/** A playable URL of a track and the instant it stops working. */
export interface PlayPath {
  readonly url: string
  readonly expiresAt: DateTime.Utc
}

/**
 * The signed URL of a track's audio file, valid for the configured TTL from now (to the whole second);
 * NotFound for an unknown musicId.
 */
export const getPlayPath = Effect.fn("getPlayPath")(function*(musicId: MusicId) {
  const reader = yield* CatalogueReader
  const signer = yield* UrlSigner
  const settings = yield* CatalogueSettings
  const track = findMusic((yield* reader.load).catalogue, musicId)
  if (Option.isNone(track)) return yield* new NotFound({ resource: "music", id: musicId })
  const now = yield* DateTime.now
  const seconds = Math.floor(now.epochMillis / 1000) + Math.ceil(Duration.toSeconds(settings.playUrlTtl))
  const expiresAt = DateTime.unsafeMake(seconds * 1000)
  const url = yield* signer.sign(resolveAssetUrl(settings.assetBaseUrl, track.value.url), expiresAt)
  return { url, expiresAt } satisfies PlayPath
})
