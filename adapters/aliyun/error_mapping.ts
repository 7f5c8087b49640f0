import { Effect } from "effect"
import { Forbidden, NotFound, Upstream, ValidationError } from "../../core/domain/errors.ts"
import type { AliyunCallFailed } from "./_sdk.ts"

// Codes that mean the caller's input was refused, with the wire parameter they are about.
const INPUT_CODES: Record<string, string> = {
  "InvalidFileName.Extension": "fileName",
  IllegalCharacters: "title",
  LengthExceededMax: "title",
  TagsExceededMax: "tags",
  "InvalidImageType": "imageType",
  "InvalidImageExt": "imageExt"
}

/** What the call was about, for naming the refused thing precisely. */
export interface FailureContext {
  /** The video the call was about: its InvalidVideo.NotFound is NotFound. */
  readonly videoId?: string | undefined
  /** The wire parameter over its length limit, when the request has several that LengthExceededMax may be about. */
  readonly oversized?: string | undefined
}

/**
 * The port error for a failed call: an unplayable video is Forbidden, refused input a ValidationError, everything
 * else (our own credentials, throttling that outlived the retries, 5xx) Upstream with only code and request id.
 */
export const toServiceError = (service: string, context: FailureContext = {}) =>
(failure: AliyunCallFailed): Forbidden | ValidationError | Upstream => {
  const { code } = failure
  if (code === "Forbidden.IllegalStatus") {
    return new Forbidden({ message: "Cannot play video: it is not ready in the media cloud yet" })
  }
  const parameter = (code === "LengthExceededMax" ? context.oversized : undefined) ?? INPUT_CODES[code]
  if (parameter !== undefined) {
    return new ValidationError({ parameter, message: `${parameter} was refused by the media cloud (${code})` })
  }
  return new Upstream({ service, code, ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }) })
}

/** As {@link toServiceError}, and a missing video (the one the call was about) is NotFound. */
export const toPortError = (service: string, context: FailureContext = {}) => (failure: AliyunCallFailed) =>
  context.videoId !== undefined &&
    (failure.code === "InvalidVideo.NotFound" || failure.code === "InvalidMediaId.NotFound")
    ? new NotFound({ resource: "video", id: context.videoId })
    : toServiceError(service, context)(failure)

/** A response body that does not have the documented shape. */
export const badResponse = (service: string, action: string) => () =>
  Effect.fail(new Upstream({ service, code: `BadResponse.${action}` }))
