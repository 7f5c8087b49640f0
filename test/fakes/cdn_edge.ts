import { createHash } from "node:crypto"

/** How the fake edge is configured, as a CDN domain with type A URL authentication is. */
export interface CdnEdgeOptions {
  /** The primary key set on the CDN domain. */
  readonly privateKey: string
  /** The validity the edge adds to a URL's timestamp (Alibaba Cloud's default 1800 s). */
  readonly validitySeconds: number
}

/** What the edge does with a request: serve it, or refuse it with 403 and why. */
export type EdgeVerdict =
  | { readonly status: 200 }
  | { readonly status: 403; readonly reason: "missing" | "malformed" | "expired" | "mismatch" }

/**
 * An Alibaba Cloud CDN edge's type A check, written from docs/reference/aliyun.md §8 alone (not from the adapter),
 * so the signer is held to the published scheme: `auth_key=<timestamp>-<rand>-<uid>-<md5hash>`, the hash over
 * `<path>-<timestamp>-<rand>-<uid>-<PrivateKey>` with the URL's path (no query), accepted while
 * now ≤ timestamp + validity.
 */
export const makeCdnEdge = (options: CdnEdgeOptions) => ({
  /** The edge's answer to `url` at `nowMillis`. */
  check: (url: string, nowMillis: number): EdgeVerdict => {
    const parsed = new URL(url)
    const keys = parsed.searchParams.getAll("auth_key")
    if (keys.length === 0) return { status: 403, reason: "missing" }
    const fields = keys.length === 1 ? keys[0]!.split("-") : []
    if (fields.length !== 4) return { status: 403, reason: "malformed" }
    const [timestamp, rand, uid, hash] = fields as [string, string, string, string]
    if (!/^\d+$/.test(timestamp) || !/^(0|[0-9a-f]{32})$/.test(rand) || uid !== "0") {
      return { status: 403, reason: "malformed" }
    }
    if (nowMillis > (Number(timestamp) + options.validitySeconds) * 1000) return { status: 403, reason: "expired" }
    const expected = createHash("md5")
      .update(`${parsed.pathname}-${timestamp}-${rand}-${uid}-${options.privateKey}`)
      .digest("hex")
    return hash === expected ? { status: 200 } : { status: 403, reason: "mismatch" }
  }
})
