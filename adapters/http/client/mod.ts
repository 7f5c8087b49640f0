/**
 * The typed client of the qu-appserver API, derived from the server's own contract (adapters/http/contract/api.ts).
 * See docs/client.md. On Node use `layerNode`; a browser bundle imports `./client.ts` (no Node modules) and uses
 * `layerFetch`.
 */

/** The client, its service, its errors and its portable layers (`layer` on a given HttpClient, `layerFetch`). */
export {
  ApiClient,
  layer,
  layerFetch,
  make,
  QuApiError,
  type QuClient,
  type QuClientError,
  type QuClientOptions,
  type QuGroup,
  type QuMethod,
  type Unwrapped
} from "./client.ts"
/** The client on Node's undici. */
export { layerNode } from "./node.ts"
