import type { AppUser } from "./app_user.ts"
import { outcomeUnknown, type Reply } from "./client.ts"
import { type Credentials, nicknameFits } from "./session.ts"

/** Logs in (GET or POST, as the apps vary); a new session, or a fresh token for the signed-in user. */
export const login = async (user: AppUser, credentials: Credentials): Promise<void> => {
  const reply = user.rng.chance(0.5)
    ? await user.phone.postForm("/user/login", credentials)
    : await user.phone.get("/user/login", credentials)
  if (reply.kind !== "envelope" || reply.code !== "200") return
  const data = reply.data as { userId?: unknown; token?: unknown; nickName?: unknown }
  if (typeof data.userId !== "string" || typeof data.token !== "string") {
    user.ctx.stats.violation("answer-shape", `login data ${JSON.stringify(data).slice(0, 120)}`)
    return
  }
  const session = user.session
  if (session === undefined) {
    user.session = {
      userId: data.userId, token: data.token, credentials, nickname: String(data.nickName), pendingNicknames: new Set()
    }
    return
  }
  if (data.userId !== session.userId) {
    user.ctx.stats.violation("answer-mismatch", `login of ${credentials.username} answered user ${data.userId}, not ${session.userId}`)
    return
  }
  if (!nicknameFits(session, data.nickName)) {
    user.ctx.stats.violation("stale-nickname", `login of user ${session.userId} answered nickname ${String(data.nickName)}, set ${session.nickname}`)
  }
  session.token = data.token
  session.nickname = String(data.nickName)
}

/** GET /vod/getSts; the credentials must carry their expiration. */
export const getSts = async (user: AppUser): Promise<void> => {
  const reply = await user.phone.get("/vod/getSts", { token: user.me.token })
  if (reply.kind === "envelope" && reply.code === "200") {
    const data = reply.data as Record<string, unknown> | null
    if (typeof data?.accessKeyId !== "string" || typeof data.securityToken !== "string" || typeof data.expiration !== "string") {
      user.ctx.stats.violation("answer-shape", `getSts data ${JSON.stringify(data).slice(0, 120)}`)
    }
  }
}

/** POST /user/updateUser with a new nickname (Chinese, as the apps send it). */
export const updateUser = async (user: AppUser): Promise<void> => {
  const session = user.me
  const nickname = `测试${user.index}号${user.rng.int(0, 99_999)}`
  const reply = await user.phone.postForm("/user/updateUser", { token: session.token, userId: session.userId, nickname })
  user.unexpected(reply, ["400", "403", "404"], `updateUser of user ${session.userId} to ${nickname}`)
  if (reply.kind === "envelope" && reply.code === "200") session.nickname = nickname
  else if (outcomeUnknown(reply)) session.pendingNicknames.add(nickname)
}

/** Video list pages are for the request that asked: sized, cursored, duplicate-free, and for a personal list owned. */
const checkPage = (user: AppUser, endpoint: string, reply: Reply, asked: { pageSize: number; cursor?: number }) => {
  if (reply.kind !== "envelope" || reply.code !== "200") return []
  const stats = user.ctx.stats
  const data = reply.data as { total?: unknown; videoList?: unknown } | null
  if (typeof data?.total !== "number" || !Array.isArray(data.videoList)) {
    stats.violation("answer-shape", `${endpoint} data ${JSON.stringify(data).slice(0, 120)}`)
    return []
  }
  const items = data.videoList as Array<{ id?: unknown; videoId?: unknown; user?: { userId?: unknown; userName?: unknown } }>
  if (items.length > asked.pageSize) stats.violation("answer-mismatch", `${endpoint}: ${items.length} items for pageSize ${asked.pageSize}`)
  const seen = new Set<unknown>()
  const personal = endpoint === "/vod/getPersonalVideoList"
  const me = user.me
  for (const item of items) {
    if (seen.has(item.videoId)) stats.violation("duplicate-in-page", `${endpoint}: ${String(item.videoId)} twice on one page`)
    seen.add(item.videoId)
    if (asked.cursor !== undefined && Number(item.id) >= asked.cursor) {
      stats.violation("answer-mismatch", `${endpoint}: item id ${String(item.id)} not below cursor ${asked.cursor}`)
    }
    const owner = user.ctx.ledger.ownerOf(String(item.videoId))
    if (personal && (item.user?.userId !== me.userId || (owner !== undefined && owner !== me.userId))) {
      stats.violation("cross-user-item", `user ${me.userId}'s list has ${String(item.videoId)} of user ${String(item.user?.userId)}`)
    } else if (personal && !nicknameFits(me, item.user?.userName)) {
      stats.violation("stale-nickname", `user ${me.userId}'s list shows nickname ${String(item.user?.userName)}, set ${me.nickname}`)
    } else if (!personal && owner !== undefined && item.user?.userId !== owner) {
      stats.violation("cross-user-item", `feed shows ${String(item.videoId)} of user ${owner} as user ${String(item.user?.userId)}`)
    }
  }
  return items
}

/** Reads a list as the apps do: pages 1, 2, 3 by pageIndex, or page 1 then the last item's id as cursor. */
const browse = async (user: AppUser, endpoint: string) => {
  const pageSize = user.rng.pick([1, 5, 10, 20, 50])
  const byCursor = user.rng.chance(0.5)
  const pages = user.rng.int(1, 3)
  let cursor: number | undefined
  for (let page = 1; page <= pages; page++) {
    const query: Record<string, string> = {
      token: user.me.token,
      pageIndex: String(byCursor ? 1 : page),
      pageSize: String(pageSize),
      ...(cursor === undefined ? {} : { id: String(cursor) })
    }
    const items = checkPage(user, endpoint, await user.phone.get(endpoint, query), { pageSize, ...(cursor === undefined ? {} : { cursor }) })
    if (items.length < pageSize) return
    if (byCursor) cursor = Number(items[items.length - 1]!.id)
  }
}

/** Pages through the caller's own videos. */
export const personalList = (user: AppUser) => browse(user, "/vod/getPersonalVideoList")

/** Pages through the public feed. */
export const recommendList = (user: AppUser) => browse(user, "/vod/getRecommendVideoList")

/** Requests the apps never send but a server meets: each must answer code "400". */
export const badInput = async (user: AppUser): Promise<void> => {
  const { token, userId } = user.me
  const cases: Array<[string, () => Promise<Reply>]> = [
    ["getPersonalVideoList without pageSize", () => user.phone.get("/vod/getPersonalVideoList", { token, pageIndex: "1" })],
    ["getRecommendVideoList pageSize=abc", () => user.phone.get("/vod/getRecommendVideoList", { token, pageIndex: "1", pageSize: "abc" })],
    ["videoPublish without videoId", () => user.phone.postForm("/vod/videoPublish", { token, title: "没有视频" })],
    ["getVideoUploadAuth without title", () => user.phone.get("/vod/getVideoUploadAuth", { token, fileName: "clip.mp4" })],
    ["updateUser without nickname", () => user.phone.postForm("/user/updateUser", { token, userId })],
    ["getPersonalVideoList pageIndex=x", () => user.phone.get("/vod/getPersonalVideoList", { token, pageIndex: "x", pageSize: "10" })]
  ]
  const [name, send] = user.rng.pick(cases)
  const reply = await send()
  // 401 and 5xx are counted where every request's are (token-refused, code "500"; 503 may be an outage).
  if (reply.kind === "envelope" && !["400", "401"].includes(reply.code) && !reply.code.startsWith("5")) {
    user.ctx.stats.violation("bad-input-not-400", `${name} answered code ${reply.code}: ${reply.message.slice(0, 100)}`)
  }
}
