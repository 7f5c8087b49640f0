import type { DateTime, Effect } from "effect"
import { Context } from "effect"

/** Turns a media URL into one that a CDN accepts only until an instant (Alibaba Cloud CDN type A, or unsigned). */
export class UrlSigner extends Context.Tag("core/UrlSigner")<UrlSigner, {
  /** `url` signed so that it expires at `expiresAt`. */
  readonly sign: (url: string, expiresAt: DateTime.Utc) => Effect.Effect<string>
}>() {}
