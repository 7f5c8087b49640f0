import type { FakeError } from "./aliyun_fake_support.ts"

/**
 * An injected failure: "throttling" (400 Throttling.User), "throttling429" (429 Throttling.User), "internal"
 * (500 InternalError), "html502" (a proxy's text/html 502), "hang" (no answer until the fake closes), "reset"
 * (the connection is reset), or a JSON error of your own.
 */
export type FailureKind = "throttling" | "throttling429" | "internal" | "html502" | "hang" | "reset" | FakeError

/** The JSON error of a failure kind that answers one. */
export const injectedError = (kind: FailureKind): FakeError | undefined => {
  switch (kind) {
    case "throttling":
      return { status: 400, code: "Throttling.User", message: "Request was denied due to user flow control." }
    case "throttling429":
      return { status: 429, code: "Throttling.User", message: "Request was denied due to user flow control." }
    case "internal":
      return { status: 500, code: "InternalError", message: "The request processing has failed due to some unknown error." }
    case "html502":
    case "hang":
    case "reset":
      return undefined
    default:
      return kind
  }
}

/** The body of a gateway's 502 page. */
export const badGatewayHtml =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n"

interface Pending {
  readonly kind: FailureKind
  readonly action: string | undefined
  remaining: number
}

/** Failures waiting for the next requests; the oldest matching entry is used first. */
export interface FailureQueue {
  readonly add: (n: number, kind: FailureKind, action: string | undefined) => void
  readonly take: (action: string) => FailureKind | undefined
  readonly clear: () => void
}

/** An empty failure queue. */
export const createFailureQueue = (): FailureQueue => {
  const pending: Array<Pending> = []
  return {
    add: (n, kind, action) => {
      if (!Number.isInteger(n) || n < 0) throw new Error(`Cannot inject failures: n must be a non-negative integer, got ${n}`)
      if (n > 0) pending.push({ kind, action, remaining: n })
    },
    take: (action) => {
      const index = pending.findIndex((entry) => entry.action === undefined || entry.action === action)
      const entry = pending[index]
      if (entry === undefined) return undefined
      entry.remaining -= 1
      if (entry.remaining === 0) pending.splice(index, 1)
      return entry.kind
    },
    clear: () => {
      pending.length = 0
    }
  }
}
