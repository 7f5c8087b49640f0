import { Option, Redacted } from "effect"
import { formatIsoSeconds } from "../../../core/domain/time.ts"
import type { ImageUploadCredential, PlayAuth, StsCredentials, VideoUploadCredential } from "../../../core/domain/media.ts"


/** STS credentials on the wire; `Expiration` repeats `expiration` for the seed document's spelling. */
export const stsData = (c: StsCredentials) => {
  const expiration = formatIsoSeconds(c.expiration)
  return {
    accessKeyId: c.accessKeyId,
    accessKeySecret: Redacted.value(c.accessKeySecret),
    securityToken: Redacted.value(c.securityToken),
    expiration,
    Expiration: expiration
  }
}

/** Video upload credentials on the wire. */
export const videoUploadData = (c: VideoUploadCredential) => ({
  videoId: c.videoId,
  uploadAddress: c.uploadAddress,
  uploadAuth: Redacted.value(c.uploadAuth)
})

/** Image upload credentials on the wire. */
export const imageUploadData = (c: ImageUploadCredential) => ({
  uploadAddress: c.uploadAddress,
  uploadAuth: Redacted.value(c.uploadAuth),
  imageURL: c.imageUrl,
  imageId: c.imageId
})

/** Play auth on the wire: duration in whole seconds as a string. */
export const playAuthData = (p: PlayAuth) => ({
  videoId: p.videoId,
  playAuth: Redacted.value(p.playAuth),
  coverURL: p.coverUrl,
  duration: String(Math.round(p.duration))
})

/** An optional wire parameter as an Option. */
export const param = <A>(value: A | undefined) => Option.fromNullable(value)
