import { Context } from "effect"
import type { ModerationMode } from "../domain/video.ts"

/** Video policy from configuration. */
export class VideoSettings extends Context.Tag("core/VideoSettings")<VideoSettings, {
  /** `hold`: videos show in the feed only after the audit passes; `off`: at once, unless it fails. */
  readonly moderation: ModerationMode
}>() {}
