import { Effect, Option } from "effect"
import type { ImageExt, ImageType, UploadOwner } from "../../domain/media.ts"
import { checkTitle, parseTags } from "../../domain/upload_rules.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"

/** Input of {@link getImageUploadAuth}; type and extension are already decoded. */
export interface ImageUploadAuthInput {
  readonly owner: UploadOwner
  readonly imageType: ImageType
  readonly imageExt: ImageExt
  readonly title: Option.Option<string>
  readonly tags: Option.Option<string>
}

/** Validates an image upload request and asks the cloud for an image id, URL and upload credentials. */
export const getImageUploadAuth = Effect.fn("getImageUploadAuth")(function*(input: ImageUploadAuthInput) {
  const cloud = yield* MediaCloud
  const title = Option.isSome(input.title) && input.title.value.trim() !== ""
    ? Option.some(yield* checkTitle(input.title.value))
    : Option.none<string>()
  const tags = yield* parseTags(input.tags)
  return yield* cloud.createUploadImage({
    imageType: input.imageType,
    imageExt: input.imageExt,
    title,
    tags,
    owner: input.owner
  })
})
