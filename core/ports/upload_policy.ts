import { Context } from "effect"

/** Limits on uploads, from configuration. */
export class UploadPolicy extends Context.Tag("core/UploadPolicy")<UploadPolicy, {
  /** Lower-case video file extensions accepted, without the dot. */
  readonly videoExtensions: ReadonlySet<string>
  /** The largest declared fileSize accepted, in bytes. */
  readonly maxFileSize: number
}>() {}
