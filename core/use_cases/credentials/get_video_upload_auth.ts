import { DateTime, Effect, Option } from "effect"
import type { UploadOwner } from "../../domain/media.ts"
import { checkDescription, checkFileName, checkFileSize, checkTitle, checkUrl, parseTags } from "../../domain/upload_rules.ts"
import { MediaCloud } from "../../ports/media_cloud.ts"
import { UploadPolicy } from "../../ports/upload_policy.ts"
import { UploadRepository } from "../../ports/upload_repository.ts"
import { checkPendingQuota } from "./upload_quota.ts"

/** Input of {@link getVideoUploadAuth}, as the app sent it. */
export interface VideoUploadAuthInput {
  readonly owner: UploadOwner
  readonly title: string
  readonly fileName: string
  readonly fileSize: Option.Option<number>
  readonly description: Option.Option<string>
  readonly coverUrl: Option.Option<string>
  readonly tags: Option.Option<string>
  /** Where the request came from, for the per-address quota. */
  readonly clientAddress: string
}

/**
 * Validates an upload request, asks the cloud for a videoId and upload credentials, and records who the videoId
 * was issued to. Nothing reaches the cloud unless every parameter is valid.
 */
export const getVideoUploadAuth = Effect.fn("getVideoUploadAuth")(function*(input: VideoUploadAuthInput) {
  const policy = yield* UploadPolicy
  const cloud = yield* MediaCloud
  const uploads = yield* UploadRepository
  const title = yield* checkTitle(input.title)
  const fileName = yield* checkFileName(input.fileName, policy.videoExtensions)
  const fileSize = yield* checkFileSize(input.fileSize, policy.maxFileSize)
  const description = yield* checkDescription(input.description)
  const tags = yield* parseTags(input.tags)
  const coverUrl = yield* checkUrl("coverURL", input.coverUrl)
  yield* checkPendingQuota(input.owner, input.clientAddress, fileSize)
  const credential = yield* cloud.createUploadVideo({
    title,
    fileName,
    fileSize,
    description,
    coverUrl,
    tags,
    owner: input.owner
  })
  // A repeated videoId from the cloud would be its bug; record-or-die keeps ownership unambiguous.
  yield* Effect.orDie(uploads.insert({
    videoId: credential.videoId,
    owner: input.owner,
    title,
    fileName,
    createdAt: yield* DateTime.now,
    clientAddress: input.clientAddress,
    fileSize
  }))
  return credential
})
