import { type ActionHandler, type ActionResult, fail, invalid, missing, ok, param, randomHex, uploadAuth } from "./aliyun_fake_support.ts"
import { vodMediaActions } from "./aliyun_fake_vod_media.ts"
import { createVodStore, insertVideo, objectKey, uploadAddress, type VodStore, withVideo } from "./aliyun_fake_vod_store.ts"

/** The fake VOD service: its state and its actions by name. */
export interface VodFake {
  readonly store: VodStore
  readonly actions: Readonly<Record<string, ActionHandler>>
}

const bytes = (text: string): number => Buffer.byteLength(text, "utf8")

const tooLong = (name: string, max: number): ActionResult =>
  fail(400, "LengthExceededMax", `The parameter "${name}" exceeds the maximum length of ${max} bytes.`)

const videoExtension = (fileName: string): string | undefined =>
  /^.+\.([A-Za-z0-9]{1,10})$/.exec(fileName.split(/[\\/]/).pop() ?? "")?.[1]?.toLowerCase()

const isJsonObject = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === "object" && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/** The checks of CreateUploadVideo's optional params; undefined when they pass. */
const checkVideoExtras = (description: string | undefined, tags: string | undefined, userData: string | undefined) => {
  if (description !== undefined && bytes(description) > 1024) return tooLong("Description", 1024)
  const tagList = tags?.split(",") ?? []
  if (tagList.length > 16) return fail(400, "TagsExceededMax", "The number of tags exceeds the maximum of 16.")
  if (tagList.some((tag) => bytes(tag) > 32)) return tooLong("Tags", 32)
  if (userData !== undefined && !isJsonObject(userData)) return invalid("UserData", "must be a JSON object text")
  return undefined
}

const imageExtensions = ["png", "jpg", "jpeg", "gif"]

const uploadActions = (store: VodStore): Record<string, ActionHandler> => ({
  CreateUploadVideo: (params, now) => {
    const title = param(params, "Title")
    if (title === undefined) return missing("Title")
    if (bytes(title) > 128) return tooLong("Title", 128)
    const fileName = param(params, "FileName")
    if (fileName === undefined) return missing("FileName")
    const ext = videoExtension(fileName)
    if (ext === undefined) return fail(400, "InvalidFileName.Extension", `The file name "${fileName}" has no valid extension.`)
    const userData = param(params, "UserData")
    const refused = checkVideoExtras(param(params, "Description"), param(params, "Tags"), userData)
    if (refused !== undefined) return refused
    const coverUrl = param(params, "CoverURL")
    const video = insertVideo(store, now, {
      title,
      fileName: objectKey("sv", ext),
      ...(userData === undefined ? {} : { userData }),
      ...(coverUrl === undefined ? {} : { coverUrl })
    })
    return ok({ VideoId: video.videoId, UploadAddress: video.uploadAddress, UploadAuth: uploadAuth(now, store.region) })
  },

  RefreshUploadVideo: (params, now) =>
    withVideo(store, params, "VideoId", (video) =>
      ok({ VideoId: video.videoId, UploadAddress: video.uploadAddress, UploadAuth: uploadAuth(now, store.region) })),

  CreateUploadImage: (params, now) => {
    const imageType = param(params, "ImageType")
    if (imageType === undefined) return missing("ImageType")
    if (imageType !== "default" && imageType !== "cover") return invalid("ImageType", "must be default or cover")
    const imageExt = (param(params, "ImageExt") ?? "png").toLowerCase()
    if (!imageExtensions.includes(imageExt)) return invalid("ImageExt", "must be png, jpg, jpeg or gif")
    const userData = param(params, "UserData")
    if (userData !== undefined && !isJsonObject(userData)) return invalid("UserData", "must be a JSON object text")
    const imageId = randomHex(16)
    const fileName = `image/${imageType}/${randomHex(16).toUpperCase()}-6-2.${imageExt}`
    const imageUrl = `https://${store.bucket}.oss-${store.region}.aliyuncs.com/${fileName}`
    store.images.set(imageId, { imageId, imageType, imageExt, imageUrl, title: param(params, "Title"), userData })
    return ok({
      ImageId: imageId,
      ImageURL: imageUrl,
      FileURL: imageUrl,
      UploadAddress: uploadAddress(store, fileName),
      UploadAuth: uploadAuth(now, store.region)
    })
  },

  DeleteVideo: (params) => {
    const raw = param(params, "VideoIds")
    if (raw === undefined) return missing("VideoIds")
    const ids = [...new Set(raw.split(",").map((id) => id.trim()).filter((id) => id.length > 0))]
    if (ids.length === 0) return missing("VideoIds")
    if (ids.length > 20) return invalid("VideoIds", "at most 20 ids are allowed")
    const unknown = ids.filter((id) => !store.videos.has(id))
    for (const id of ids) store.videos.delete(id)
    return ok(unknown.length === 0 ? {} : { NonExistVideoIds: { VideoId: unknown } })
  }
})

/** A fresh fake VOD service for one region. */
export const createVodFake = (region: string): VodFake => {
  const store = createVodStore(region)
  return { store, actions: { ...uploadActions(store), ...vodMediaActions(store) } }
}
