import { Context, Effect, Layer } from "effect"

/** One request for an asset, as it came on the wire. */
export interface AssetRequest {
  /** The path below /assets/, still percent-encoded, without the query. */
  readonly path: string
  /** The query without its `?` ("" when none). */
  readonly query: string
}

/**
 * Which asset requests may be served: the check a CDN with URL authentication makes at its edge, made here when this
 * server serves its expiring URLs itself (the local signer). A refused request answers 403, before any file lookup.
 */
export class AssetAccess extends Context.Tag("adapters/http/AssetAccess")<AssetAccess, {
  readonly allows: (request: AssetRequest) => Effect.Effect<boolean>
}>() {}

/** Every asset request is served: no URL this server hands out is signed, or a CDN in front checks them. */
export const layerOpen = Layer.succeed(AssetAccess, AssetAccess.of({ allows: () => Effect.succeed(true) }))
