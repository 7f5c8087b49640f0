import { Effect, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { MissingCallbackKey } from "./startup_errors.ts"

/** What decides how the VOD callback endpoint checks signatures. */
export interface CallbackKeyInput {
  /** QU_CALLBACK_KEY and QU_CALLBACK_KEY_PREVIOUS, when set. */
  readonly keys: ReadonlyArray<Redacted.Redacted<string>>
  /** QU_CALLBACK_UNSIGNED=allow. */
  readonly allowUnsigned: boolean
  readonly media: "aliyun" | "local"
}

/**
 * The keys the callback endpoint verifies with; none means unsigned posts are accepted. Anyone who can reach the
 * endpoint could otherwise rewrite any video's state (docs/security.md), so:
 * - with Alibaba Cloud a key is required: start-up fails, naming QU_CALLBACK_KEY;
 * - with the local emulator and no key, a random key is made at start, so unsigned posts are refused (the local
 *   event simulator hands its events to the pipeline directly and needs none), unless QU_CALLBACK_UNSIGNED=allow.
 * `announce` is the one log line that says which applies, for the server to write once its loggers are in place.
 */
export const callbackKeys = (input: CallbackKeyInput) =>
  Effect.gen(function*() {
    if (input.keys.length > 0) {
      return { keys: input.keys, announce: Effect.logInfo("callbacks: signature required (QU_CALLBACK_KEY)") }
    }
    if (input.media === "aliyun") return yield* new MissingCallbackKey()
    if (input.allowUnsigned) {
      return {
        keys: [],
        announce: Effect.logWarning("callbacks: UNSIGNED callbacks are accepted (QU_CALLBACK_UNSIGNED=allow)")
      }
    }
    return {
      keys: [Redacted.make(randomBytes(24).toString("base64url"))],
      announce: Effect.logInfo(
        "callbacks: signature required; QU_CALLBACK_KEY is not set, so a key was generated at start and unsigned posts are refused"
      )
    }
  })
