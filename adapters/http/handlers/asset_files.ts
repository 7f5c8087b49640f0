import { Context, type Effect, type Option } from "effect"

/**
 * Where the files served under /assets/ are found; composition provides it (the catalogue's asset directories), so
 * the route needs no other adapter.
 */
export class AssetFiles extends Context.Tag("adapters/http/AssetFiles")<AssetFiles, {
  /**
   * The file `relativePath` (percent-decoded, `/`-separated, below /assets/) names; none for a missing file or a
   * path that could leave the asset directories.
   */
  readonly find: (relativePath: string) => Effect.Effect<Option.Option<string>>
}>() {}
