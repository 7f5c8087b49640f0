import type { CallbackTarget } from "./callbacks.ts"
import { Phone, type Reply } from "./client.ts"
import type { Ledger, VideoEntry } from "./ledger.ts"
import type { Rng } from "./random.ts"
import { badInput, getSts, login, personalList, recommendList, updateUser } from "./read_actions.ts"
import type { Session } from "./session.ts"
import type { Stats } from "./stats.ts"
import { deleteVideo, publishBurst, publishFlow, sendCallbacks, videoById } from "./video_actions.ts"

/** What every simulated user shares: the server, the figures, the bookkeeping, the stop time. */
export interface SoakContext {
  readonly baseUrl: string
  readonly stats: Stats
  readonly ledger: Ledger
  readonly callback: CallbackTarget
  /** Makes usernames unique per run, so a seed can be replayed against the same database. */
  readonly runId: string
  readonly abortRate: number
  readonly timeoutMs: number
  /** `Date.now()` at which the load stops. */
  readonly deadline: number
  readonly durationMs: number
  readonly users: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const WEIGHTS = {
  publish: 22, burst: 3, personal: 15, recommend: 13, delete: 8, updateUser: 5, videoById: 8, callbacks: 10, sts: 6,
  badInput: 5, login: 2
} as const

/** One simulated app user: one Phone (undici Pool), signs in, then runs app actions until the deadline. */
export class AppUser {
  readonly phone: Phone
  session: Session | undefined
  readonly videos: Array<VideoEntry> = []
  /** Whether the server runs the local media emulator (uploads go to it); learnt from the first upload auth. */
  local: boolean | undefined
  private signInAttempts = 0
  readonly index: number
  readonly ctx: SoakContext
  readonly rng: Rng

  constructor(index: number, ctx: SoakContext, rng: Rng) {
    this.index = index
    this.ctx = ctx
    this.rng = rng
    this.phone = new Phone(ctx.baseUrl, rng, ctx.stats, {
      abortRate: ctx.abortRate,
      timeoutMs: ctx.timeoutMs,
      // Sessions are never revoked and live 30 days: once signed in, a 401 means the server lost or mistook the token.
      onEnvelope: (endpoint, code, message) => {
        if (code === "401" && this.session !== undefined) {
          ctx.stats.violation("token-refused", `${endpoint} refused user ${this.session.userId}'s token: ${message}`)
        }
      }
    })
  }

  /** Counts a violation when a request about the user's own data got a code that cannot be right for it. */
  unexpected(reply: Reply, codes: ReadonlyArray<string>, what: string): void {
    if (reply.kind === "envelope" && codes.includes(reply.code)) {
      const kind = reply.code === "403" ? "wrong-owner" : "impossible-code"
      this.ctx.stats.violation(kind, `${what} answered code ${reply.code}: ${reply.message.slice(0, 100)}`)
    }
  }

  get me(): Session {
    if (this.session === undefined) throw new Error("Cannot act: the user has not signed in")
    return this.session
  }

  /** Runs the user's loop until the deadline; never throws. */
  async run(): Promise<void> {
    try {
      // Phones do not all open the app in the same millisecond: starts spread over the first quarter (at most 2 s).
      await sleep(this.index * Math.min(2_000 / this.ctx.users, this.ctx.durationMs / 4 / this.ctx.users))
      let failures = 0
      while (Date.now() < this.ctx.deadline) {
        if (this.session !== undefined) await this.act()
        // An app retries a failed sign-in after a growing pause, not in a tight loop.
        else if (!(await this.signIn())) await sleep(Math.min(250 * 2 ** failures++, 4_000))
      }
    } catch (error) {
      this.ctx.stats.violation("soak-bug", `user ${this.index}: ${error instanceof Error ? error.stack : String(error)}`)
    }
  }

  private async act(): Promise<void> {
    switch (this.rng.weighted(WEIGHTS)) {
      case "publish":
        return publishFlow(this)
      case "burst":
        return publishBurst(this, this.rng.int(5, 10))
      case "personal":
        return personalList(this)
      case "recommend":
        return recommendList(this)
      case "delete":
        return deleteVideo(this)
      case "updateUser":
        return updateUser(this)
      case "videoById":
        return videoById(this)
      case "callbacks":
        return sendCallbacks(this)
      case "sts":
        return getSts(this)
      case "badInput":
        return badInput(this)
      case "login":
        if (this.me.credentials === undefined) return getSts(this)
        await login(this, this.me.credentials)
        return
    }
  }

  /**
   * A quarter of the users register and log in, the rest take /user/randomUser, as the apps do. Not more: each
   * register and login costs the server a deliberately slow password hash, which would otherwise dominate the load.
   */
  private async signIn(): Promise<boolean> {
    const attempt = this.signInAttempts++
    if (this.index % 4 !== 1) {
      const reply = await this.phone.get("/user/randomUser", {})
      if (reply.kind !== "envelope" || reply.code !== "200") return false
      const data = reply.data as { userId?: unknown; token?: unknown; nickName?: unknown }
      if (typeof data.userId !== "string" || typeof data.token !== "string") {
        this.ctx.stats.violation("answer-shape", `randomUser data ${JSON.stringify(data).slice(0, 120)}`)
        return false
      }
      this.session = {
        userId: data.userId, token: data.token, credentials: undefined, nickname: String(data.nickName),
        pendingNicknames: new Set()
      }
      return true
    }
    const credentials = { username: `soak_${this.ctx.runId}_${this.index}`, password: `soak-password-${this.index}` }
    // A register whose answer was lost may have taken the name: 409 then means "already mine".
    if (attempt === 0 || this.rng.chance(0.5)) {
      const registered = await this.phone.postForm("/user/register", credentials)
      if (registered.kind !== "envelope" || (registered.code !== "200" && registered.code !== "409")) return false
    }
    await login(this, credentials)
    return this.session !== undefined
  }

  close(): Promise<void> {
    return this.phone.close()
  }
}
