import { performance } from "node:perf_hooks"
import { Pool } from "undici"
import type { Rng } from "./random.ts"
import type { Outcome, Stats } from "./stats.ts"

/** One request of a simulated app. */
export interface RequestSpec {
  /** The label the figures are kept under (the path, or e.g. "PUT /local-oss"). */
  readonly endpoint: string
  readonly method: "GET" | "POST" | "PUT"
  /** Path and query, e.g. `/vod/getSts?token=…`. */
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Buffer
  /** False for requests the soak must not abort on purpose (the audit's). */
  readonly abortable?: boolean
}

/** A valid envelope, or why there is none: `lost` (aborted, unanswered, transport error) or `invalid`. */
export type Reply =
  | { readonly kind: "envelope"; readonly code: string; readonly message: string; readonly data: any }
  | { readonly kind: "lost"; readonly outcome: Outcome["kind"] }
  | { readonly kind: "invalid" }

/** True when a write's outcome cannot be told from its reply (no answer, a broken one, or a 5xx code). */
export const outcomeUnknown = (reply: Reply) => reply.kind !== "envelope" || reply.code.startsWith("5")

/** `path?query` with UTF-8 percent-encoding (Chinese titles travel as clients send them). */
export const withQuery = (path: string, query: Readonly<Record<string, string>>) => {
  const search = new URLSearchParams(query).toString()
  return search === "" ? path : `${path}?${search}`
}

const envelopeProblem = (json: unknown): string | undefined => {
  if (typeof json !== "object" || json === null) return "not a JSON object"
  const e = json as Record<string, unknown>
  if (typeof e.result !== "string") return "result is not a string"
  if (typeof e.code !== "string") return "code is not a string"
  if (typeof e.requestId !== "string" || e.requestId === "") return "requestId missing"
  if (typeof e.message !== "string") return "message is not a string"
  if (!("data" in e)) return "data missing"
  if (e.result !== (e.code === "200" ? "true" : "false")) return `result ${e.result} with code ${e.code}`
  return undefined
}

/** How a Phone behaves. */
export interface PhoneOptions {
  readonly abortRate: number
  readonly timeoutMs: number
  readonly connections?: number
  /** Sees every valid envelope (the simulated user's checks of codes that cannot be right). */
  readonly onEnvelope?: (endpoint: string, code: string, message: string) => void
}

/**
 * One phone: an undici Pool of a few connections to the server, sending requests with deliberate aborts (a random
 * moment 0–50 ms after sending, for `abortRate` of them) and a client timeout; every outcome lands in `stats`.
 */
export class Phone {
  private readonly pool: Pool
  private readonly rng: Rng
  private readonly stats: Stats
  private readonly options: PhoneOptions

  constructor(baseUrl: string, rng: Rng, stats: Stats, options: PhoneOptions) {
    this.rng = rng
    this.stats = stats
    this.options = options
    // undici's own timeouts sit above ours, so a slow answer is counted as UNANSWERED by the soak, not by undici.
    const slack = options.timeoutMs + 5_000
    this.pool = new Pool(baseUrl, { connections: options.connections ?? 4, headersTimeout: slack, bodyTimeout: slack })
  }

  /** Sends a request and records its outcome (not its code: see `api` and `raw`). */
  async send(spec: RequestSpec): Promise<Outcome> {
    const figures = this.stats.endpoint(spec.endpoint)
    figures.sent++
    const controller = new AbortController()
    let why: "abort" | "timeout" | undefined
    const stop = (reason: "abort" | "timeout") => () => {
      why ??= reason
      controller.abort()
    }
    const timeout = setTimeout(stop("timeout"), this.options.timeoutMs)
    const planned = spec.abortable !== false && this.options.abortRate > 0 && this.rng.chance(this.options.abortRate)
    const abort = planned ? setTimeout(stop("abort"), this.rng.int(0, 50)) : undefined
    const started = performance.now()
    try {
      const response = await this.pool.request({
        path: spec.path,
        method: spec.method,
        headers: spec.headers ?? {},
        body: spec.body ?? null,
        signal: controller.signal
      })
      const text = await response.body.text()
      const ms = performance.now() - started
      if (planned) figures.abortsTooLate++
      figures.latencies.push(ms)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      return { kind: "answer", status: response.statusCode, text, json, ms }
    } catch (error) {
      if (why === "abort") {
        figures.aborted++
        return { kind: "aborted" }
      }
      if (why === "timeout") {
        figures.unanswered++
        return { kind: "unanswered" }
      }
      const e = error as { code?: unknown; name?: unknown }
      const kind = typeof e.code === "string" ? e.code : typeof e.name === "string" ? e.name : "unknown"
      this.stats.transport(spec.endpoint, kind)
      return { kind: "transport", error: kind }
    } finally {
      clearTimeout(timeout)
      clearTimeout(abort)
    }
  }

  /** Sends an API request and checks the wire envelope (HTTP 200, string result/code, requestId). */
  async api(spec: RequestSpec): Promise<Reply> {
    const outcome = await this.send(spec)
    if (outcome.kind !== "answer") return { kind: "lost", outcome: outcome.kind }
    if (outcome.status !== 200) {
      this.stats.code(spec.endpoint, `http ${outcome.status}`)
      this.stats.violation("http-status", `${spec.method} ${spec.endpoint} answered HTTP ${outcome.status}: ${outcome.text.slice(0, 120)}`)
      return { kind: "invalid" }
    }
    const problem = envelopeProblem(outcome.json)
    if (problem !== undefined) {
      this.stats.code(spec.endpoint, "invalid")
      this.stats.violation("envelope", `${spec.endpoint}: ${problem}: ${outcome.text.slice(0, 120)}`)
      return { kind: "invalid" }
    }
    const e = outcome.json as { code: string; message: string; data: unknown }
    this.stats.code(spec.endpoint, e.code)
    this.options.onEnvelope?.(spec.endpoint, e.code, e.message)
    return { kind: "envelope", code: e.code, message: e.message, data: e.data }
  }

  /** Sends a request without an envelope (object PUT, VOD callback); its code is the HTTP status. */
  async raw(spec: RequestSpec): Promise<Outcome> {
    const outcome = await this.send(spec)
    if (outcome.kind === "answer") this.stats.code(spec.endpoint, `http ${outcome.status}`)
    return outcome
  }

  get(endpoint: string, query: Readonly<Record<string, string>>, abortable = true): Promise<Reply> {
    return this.api({ endpoint, method: "GET", path: withQuery(endpoint, query), abortable })
  }

  postForm(endpoint: string, form: Readonly<Record<string, string>>, abortable = true): Promise<Reply> {
    const body = new URLSearchParams(form).toString()
    return this.api({
      endpoint, method: "POST", path: endpoint, body, abortable,
      headers: { "content-type": "application/x-www-form-urlencoded" }
    })
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
