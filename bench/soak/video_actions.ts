import type { AppUser } from "./app_user.ts"
import { auditPassEvent, signatureHeaders, snapshotEvent } from "./callbacks.ts"
import { outcomeUnknown } from "./client.ts"
import { Ledger, type VideoEntry } from "./ledger.ts"

const TITLES = ["海边日落", "城市夜景", "我的猫咪", "周末徒步", "厨房实验"] as const

const decodeBase64Json = (text: unknown): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(String(text), "base64").toString("utf8"))
    return typeof value === "object" && value !== null ? value as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

/** GET /vod/getVideoUploadAuth; on success the video enters the ledger, and (local mode) its file is uploaded. */
const issue = async (user: AppUser, upload: boolean): Promise<VideoEntry | undefined> => {
  const title = `${user.rng.pick(TITLES)} ${user.rng.int(1, 9999)}`
  const reply = await user.phone.get("/vod/getVideoUploadAuth", { token: user.me.token, title, fileName: "clip.mp4" })
  user.unexpected(reply, ["400", "403"], `getVideoUploadAuth title ${title} fileName clip.mp4`)
  if (reply.kind !== "envelope" || reply.code !== "200") return undefined
  const data = reply.data as { videoId?: unknown; uploadAddress?: unknown; uploadAuth?: unknown } | null
  const address = decodeBase64Json(data?.uploadAddress)
  const auth = decodeBase64Json(data?.uploadAuth)
  if (typeof data?.videoId !== "string" || address === undefined || auth === undefined) {
    user.ctx.stats.violation("answer-shape", `getVideoUploadAuth data ${JSON.stringify(data).slice(0, 120)}`)
    return undefined
  }
  const entry = user.ctx.ledger.issued(data.videoId, user.me.userId)
  user.videos.push(entry)
  user.local ??= auth.Region === "local"
  if (upload && user.local) await putObject(user, entry, address, auth)
  return entry
}

/**
 * PUTs a few kB to Endpoint/Bucket/FileName with the security token, as the README's local flow says. The Endpoint's
 * path is taken on the soak's base URL: a test server's public URL is not where it listens.
 */
const putObject = async (user: AppUser, entry: VideoEntry, address: Record<string, unknown>, auth: Record<string, unknown>) => {
  const endpointPath = new URL(String(address.Endpoint)).pathname.replace(/\/+$/, "")
  const outcome = await user.phone.raw({
    endpoint: "PUT /local-oss",
    method: "PUT",
    path: `${endpointPath}/${String(address.Bucket)}/${String(address.FileName)}`,
    headers: { "x-oss-security-token": String(auth.SecurityToken), "content-type": "video/mp4" },
    body: user.rng.bytes(user.rng.int(2, 8) * 1024)
  })
  if (outcome.kind === "answer" && outcome.status === 200) entry.uploaded = true
}

/** POST /vod/videoPublish (a form, as the apps post it); the answer must be the video sent, owned by the caller. */
const publish = async (user: AppUser, entry: VideoEntry): Promise<void> => {
  const me = user.me
  const reply = await user.phone.postForm("/vod/videoPublish", {
    token: me.token,
    videoId: entry.videoId,
    title: `${user.rng.pick(TITLES)}（${user.index}）`,
    description: "压力测试视频 soak",
    duration: `${user.rng.int(1, 60)}.${user.rng.int(0, 9)}`,
    size: String(user.rng.int(2048, 8192)),
    tags: "测试,soak",
    cateId: String(user.rng.int(1, 5)),
    cateName: "生活"
  })
  user.unexpected(reply, ["403", "404", "409"], `publish of user ${me.userId}'s own ${entry.videoId}`)
  if (reply.kind === "envelope" && reply.code === "200") {
    const data = reply.data as { videoId?: unknown; user?: { userId?: unknown } } | null
    if (data?.videoId !== entry.videoId || data.user?.userId !== me.userId) {
      user.ctx.stats.violation("answer-mismatch", `publish of ${entry.videoId} by ${me.userId} answered ${String(data?.videoId)} of ${String(data?.user?.userId)}`)
    }
  }
  entry.publish = Ledger.settle(entry.publish, reply.kind === "envelope" && reply.code === "200" ? "acked" : outcomeUnknown(reply) ? "unknown" : "refused")
}

/** The app's main path: upload credentials, the file (local mode), sometimes early events, then publish. */
export const publishFlow = async (user: AppUser): Promise<void> => {
  const entry = await issue(user, true)
  if (entry === undefined) return
  if (user.rng.chance(0.2)) await sendEvents(user, entry)
  await publish(user, entry)
}

/** `n` videos issued one after another, then published all at once (several phones of one account, or a retry storm). */
export const publishBurst = async (user: AppUser, n: number): Promise<void> => {
  const entries: Array<VideoEntry> = []
  for (let i = 0; i < n && Date.now() < user.ctx.deadline; i++) {
    const entry = await issue(user, false)
    if (entry !== undefined) entries.push(entry)
  }
  await Promise.all(entries.map((entry) => publish(user, entry)))
}

/** POST /vod/deleteVideoById of one of the user's acknowledged videos. */
export const deleteVideo = async (user: AppUser): Promise<void> => {
  const candidates = user.videos.filter((v) => v.publish === "acked" && v.delete !== "acked")
  if (candidates.length === 0) return publishFlow(user)
  const entry = user.rng.pick(candidates)
  const me = user.me
  const reply = await user.phone.postForm("/vod/deleteVideoById", { token: me.token, videoId: entry.videoId, userId: me.userId })
  user.unexpected(reply, ["403", "404"], `delete of user ${me.userId}'s published ${entry.videoId}`)
  entry.delete = Ledger.settle(entry.delete, reply.kind === "envelope" && reply.code === "200" ? "acked" : outcomeUnknown(reply) ? "unknown" : "refused")
}

/** GET /vodVideo/getVideoById of one of the user's videos; a play answer must be for that video. */
export const videoById = async (user: AppUser): Promise<void> => {
  if (user.videos.length === 0) return publishFlow(user)
  const entry = user.rng.pick(user.videos)
  const reply = await user.phone.get("/vodVideo/getVideoById", { videoId: entry.videoId })
  if (reply.kind === "envelope" && reply.code === "200") {
    const data = reply.data as { videoBase?: { videoId?: unknown } } | null
    if (data?.videoBase?.videoId !== entry.videoId) {
      user.ctx.stats.violation("answer-mismatch", `getVideoById ${entry.videoId} answered ${String(data?.videoBase?.videoId)}`)
    }
  }
}

/** Signed VOD events (audit pass, snapshot) about one of the user's videos; each must be accepted with HTTP 200. */
const sendEvents = async (user: AppUser, entry: VideoEntry): Promise<void> => {
  const { callback, stats } = user.ctx
  const kinds = user.rng.pick([["audit"], ["snapshot"], ["audit", "snapshot"]] as const)
  for (const kind of kinds) {
    const now = Date.now()
    const body = kind === "audit" ? auditPassEvent(entry.videoId, now) : snapshotEvent(entry.videoId, now)
    const outcome = await user.phone.raw({
      endpoint: callback.path,
      method: "POST",
      path: callback.path,
      headers: { "content-type": "application/json", ...signatureHeaders(callback, now) },
      body: JSON.stringify(body)
    })
    if (outcome.kind === "answer" && outcome.status !== 200 && outcome.status < 500) {
      stats.violation("callback-refused", `${body.EventType} of ${entry.videoId} answered HTTP ${outcome.status}: ${outcome.text.slice(0, 80)}`)
    }
  }
}

/** Events for one of the user's videos, mostly published ones. */
export const sendCallbacks = async (user: AppUser): Promise<void> => {
  const published = user.videos.filter((v) => v.publish === "acked")
  const pool = published.length > 0 && user.rng.chance(0.8) ? published : user.videos
  if (pool.length === 0) return publishFlow(user)
  await sendEvents(user, user.rng.pick(pool))
}
