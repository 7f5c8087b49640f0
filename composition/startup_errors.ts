import { Data } from "effect"

/** Alibaba Cloud media without a callback key: VOD's callbacks could not be told from anyone else's posts. */
export class MissingCallbackKey extends Data.TaggedError("MissingCallbackKey")<{}> {
  override get message() {
    return "QU_CALLBACK_KEY is required with Alibaba Cloud media: set it to the callback key configured in VOD " +
      "(Callback settings, authentication key), so that unsigned posts to the callback endpoint are refused"
  }
}
