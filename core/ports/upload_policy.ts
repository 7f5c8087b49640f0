import { Context, type Duration } from "effect"

/** At most this many unpublished uploads, reserving at most this many bytes. */
export interface PendingLimits {
  readonly maxUploads: number
  readonly maxBytes: number
}

/** Limits on uploads, from configuration. */
export class UploadPolicy extends Context.Tag("core/UploadPolicy")<UploadPolicy, {
  /** Lower-case video file extensions accepted, without the dot. */
  readonly videoExtensions: ReadonlySet<string>
  /** The largest declared fileSize accepted, in bytes. */
  readonly maxFileSize: number
  /**
   * Unpublished uploads a user, and an address (all its users and anonymous callers together: set it higher, as many
   * phones share an address behind carrier NAT), may hold at once, and the bytes they may write (an undeclared size
   * counts as maxFileSize); past either, new upload credentials are refused with "429". Unpublished uploads expire
   * after `ttl` (their media deleted). Undefined: no quota and no expiry.
   */
  readonly pending?: {
    readonly perUser: PendingLimits
    readonly perAddress: PendingLimits
    readonly ttl: Duration.Duration
  } | undefined
}>() {}
