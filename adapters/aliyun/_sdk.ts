import type { Config, OpenApiRequest, Params } from "@alicloud/openapi-client"
import type { RuntimeOptions } from "@alicloud/tea-util"
import { Data, Duration, Effect, Redacted, Schedule } from "effect"
import { createRequire } from "node:module"

// The SDK ships CommonJS with `exports.default = Client`; require() gives the same shape under node and vitest,
// and these declarations say exactly what we use of it.
const require = createRequire(import.meta.url)
const OpenApi = require("@alicloud/openapi-client") as {
  readonly default: new(config: Config) => {
    callApi(params: Params, request: OpenApiRequest, runtime: RuntimeOptions): Promise<{ readonly body?: unknown }>
  }
  readonly Config: typeof Config
  readonly Params: typeof Params
  readonly OpenApiRequest: typeof OpenApiRequest
}
const OpenApiUtil = (require("@alicloud/openapi-util") as {
  readonly default: { query(filter: Record<string, unknown>): Record<string, string> }
}).default
const TeaUtil = require("@alicloud/tea-util") as { readonly RuntimeOptions: typeof RuntimeOptions }

/** A failed call, reduced to what is safe to keep: the SDK's own messages carry signatures and security tokens. */
export class AliyunCallFailed extends Data.TaggedError("AliyunCallFailed")<{
  readonly action: string
  readonly code: string
  readonly status: number | undefined
  readonly requestId: string | undefined
  readonly retryable: boolean
}> {}

/** How to reach and call one Alibaba Cloud product. */
export interface SdkOptions {
  readonly accessKeyId: string
  readonly accessKeySecret: Redacted.Redacted<string>
  /** `vod.cn-shanghai.aliyuncs.com`, or `127.0.0.1:PORT` for the test fake. */
  readonly endpoint: string
  readonly protocol: "https" | "http"
  readonly version: string
  /** Time allowed for one attempt. */
  readonly attemptTimeout: Duration.Duration
  /** Attempts in all, retries included (retryable failures only). */
  readonly maxAttempts: number
  /** "v2" signs RPC calls with HMAC-SHA1 instead of the default ACS3-HMAC-SHA256. */
  readonly signatureAlgorithm?: "v2" | undefined
  /** First backoff before a retry, doubled (and jittered) for each next one; default 100 ms. */
  readonly retryBase?: Duration.DurationInput | undefined
}

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED", "EHOSTUNREACH"])

/** Maps whatever the SDK threw to a safe, classified failure. */
export const classify = (action: string, error: unknown): AliyunCallFailed => {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>
  const data = (typeof e.data === "object" && e.data !== null ? e.data : {}) as Record<string, unknown>
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined
  const requestId = typeof data.RequestId === "string" ? data.RequestId : undefined
  const make = (code: string, retryable: boolean) => new AliyunCallFailed({ action, code, status, requestId, retryable })
  // A gateway's HTML error page instead of JSON.
  if (e.name === "SyntaxError") return make("NonJsonResponse", true)
  if (e.name === "RequestTimeoutError" || e.name === "TimeoutError") return make("Timeout", true)
  // An error body without a Code reaches us as the text "undefined" (the SDK interpolates it): name the status instead.
  const given = typeof e.code === "string" && e.code !== "" && e.code !== "undefined" ? e.code : undefined
  const code = given ?? (status === undefined ? "Unknown" : `Http${status}`)
  if (NETWORK_CODES.has(code)) return make(code, true)
  return make(code, code.startsWith("Throttling") || (status !== undefined && status >= 500))
}

/** A client for one product whose `call` has a time budget per attempt and bounded, jittered retries. */
export const makeSdkClient = (options: SdkOptions) => {
  const timeoutMs = Duration.toMillis(options.attemptTimeout)
  const client = new OpenApi.default(new OpenApi.Config({
    accessKeyId: options.accessKeyId,
    accessKeySecret: Redacted.value(options.accessKeySecret),
    endpoint: options.endpoint,
    protocol: options.protocol,
    readTimeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 3_000),
    ...(options.signatureAlgorithm === undefined ? {} : { signatureAlgorithm: options.signatureAlgorithm })
  }))
  const retrySchedule = Schedule.exponential(options.retryBase ?? Duration.millis(100)).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(Math.max(0, options.maxAttempts - 1)))
  )

  const attempt = (action: string, params: Record<string, string>) =>
    Effect.tryPromise({
      try: () =>
        client.callApi(
          new OpenApi.Params({
            action,
            version: options.version,
            protocol: "HTTPS",
            pathname: "/",
            method: "POST",
            authType: "AK",
            style: "RPC",
            reqBodyType: "formData",
            bodyType: "json"
          }),
          new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(params) }),
          new TeaUtil.RuntimeOptions({ readTimeout: timeoutMs, connectTimeout: Math.min(timeoutMs, 3_000) })
        ),
      catch: (error) => classify(action, error)
    }).pipe(
      // The SDK's own timeouts cover the socket; this one covers everything else (DNS, a stuck agent queue).
      Effect.timeoutFail({
        duration: Duration.sum(options.attemptTimeout, Duration.millis(250)),
        onTimeout: () => new AliyunCallFailed({ action, code: "Timeout", status: undefined, requestId: undefined, retryable: true })
      }),
      Effect.tapError((failure) =>
        Effect.logWarning("aliyun call failed").pipe(Effect.annotateLogs({
          action,
          code: failure.code,
          status: failure.status ?? "",
          requestId: failure.requestId ?? "",
          retryable: failure.retryable
        }))
      )
    )

  /** Calls an RPC action with string parameters (undefined ones dropped) and returns the JSON body. */
  const call = (action: string, params: Record<string, string | number | undefined>) => {
    const defined: Record<string, string> = {}
    for (const [key, value] of Object.entries(params)) if (value !== undefined) defined[key] = String(value)
    return attempt(action, defined).pipe(
      Effect.retry({ schedule: retrySchedule, while: (failure) => failure.retryable }),
      Effect.map((result) => result.body as unknown),
      Effect.withSpan(`aliyun.${action}`)
    )
  }
  return { call }
}

/** A client made by {@link makeSdkClient}. */
export type SdkClient = ReturnType<typeof makeSdkClient>
