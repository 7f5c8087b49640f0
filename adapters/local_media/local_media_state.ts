import { DateTime, Effect, HashMap, Option, Ref } from "effect"
import { createHash } from "node:crypto"
import type { VideoId } from "../../core/domain/media.ts"
import { type LocalCredentials, randomCredentials } from "./formats.ts"
import type { UploadGate } from "./object_routes.ts"

/** A video the emulator created; `uploaded` once its file was PUT completely. */
export interface LocalVideo {
  readonly videoId: VideoId
  readonly title: string
  readonly key: string
  readonly coverUrl: string
  readonly uploaded: boolean
}

/** An image the emulator created. */
export interface LocalImage {
  readonly imageId: string
  readonly key: string
}

/** The kinds of job the emulator accepts. */
export type LocalJobKind = "snapshot" | "audit" | "transcode"

/** A job accepted by the emulator; kept so a later event simulation can complete it. */
export interface LocalJob {
  readonly jobId: string
  readonly videoId: VideoId
  readonly kind: LocalJobKind
  readonly submittedAt: DateTime.Utc
}

/** Permission to write one key until `expiresAt`, with the key pair requests must be signed with. */
interface UploadGrant {
  readonly key: string
  readonly expiresAt: DateTime.Utc
  readonly accessKeyId: string
  readonly accessKeySecret: string
}

/** Everything the emulator remembers; lost on restart, as the files it points to are not indexed. */
export interface LocalMediaState {
  readonly videos: HashMap.HashMap<VideoId, LocalVideo>
  readonly images: HashMap.HashMap<string, LocalImage>
  /** By SHA-256 of the security token, so the tokens themselves are kept nowhere. */
  readonly grants: HashMap.HashMap<string, UploadGrant>
  readonly jobs: ReadonlyArray<LocalJob>
}

/** The state of a fresh emulator. */
export const emptyState: LocalMediaState = {
  videos: HashMap.empty(),
  images: HashMap.empty(),
  grants: HashMap.empty(),
  jobs: []
}

const tokenHash = (token: string) => createHash("sha256").update(token, "utf8").digest("hex")

const isIssued = (state: LocalMediaState, key: string) =>
  HashMap.some(state.videos, (video) => video.key === key) || HashMap.some(state.images, (image) => image.key === key)

/** New credentials allowed to PUT `key` for `ttlSeconds`; expired grants are dropped on the way. */
export const issueGrant = (state: Ref.Ref<LocalMediaState>, key: string, ttlSeconds: number) =>
  Effect.gen(function*() {
    const now = yield* DateTime.now
    const credentials: LocalCredentials = randomCredentials()
    const expiresAt = DateTime.add(now, { seconds: ttlSeconds })
    yield* Ref.update(state, (s) => ({
      ...s,
      grants: HashMap.set(
        HashMap.filter(s.grants, (grant) => DateTime.lessThan(now, grant.expiresAt)),
        tokenHash(credentials.securityToken),
        { key, expiresAt, accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret }
      )
    }))
    return { credentials, expiresAt }
  })

/** The upload gate of the object routes over the emulator's state. */
export const makeUploadGate = (state: Ref.Ref<LocalMediaState>): UploadGate => ({
  authorize: (key, securityToken) =>
    Effect.gen(function*() {
      const now = yield* DateTime.now
      const current = yield* Ref.get(state)
      if (!isIssued(current, key)) return { verdict: "unknown" } as const
      const grant = Option.filter(
        Option.flatMap(securityToken, (token) => HashMap.get(current.grants, tokenHash(token))),
        (g) => g.key === key && DateTime.lessThan(now, g.expiresAt)
      )
      return Option.match(grant, {
        onNone: () => ({ verdict: "forbidden" }) as const,
        onSome: (g) => ({ verdict: "allowed", keyPair: { accessKeyId: g.accessKeyId, accessKeySecret: g.accessKeySecret } }) as const
      })
    }),
  completed: (key) =>
    Ref.modify(state, (s): [boolean, LocalMediaState] => {
      const video = HashMap.findFirst(s.videos, (v) => v.key === key)
      if (Option.isSome(video)) {
        const [videoId, found] = video.value
        return [true, { ...s, videos: HashMap.set(s.videos, videoId, { ...found, uploaded: true }) }]
      }
      return [HashMap.some(s.images, (image) => image.key === key), s]
    })
})
