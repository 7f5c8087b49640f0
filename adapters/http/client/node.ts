import { NodeHttpClient } from "@effect/platform-node"
import { Layer } from "effect"
import { type ApiClient, layer, type QuClientOptions } from "./client.ts"

/** The client on Node, over @effect/platform-node's undici-based `HttpClient` (`NodeHttpClient.layerUndici`). */
export const layerNode = (options: QuClientOptions): Layer.Layer<ApiClient> =>
  Layer.provide(layer(options), NodeHttpClient.layerUndici)
