import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { authenticate } from "./aliyun_fake_auth.ts"
import { policyAllows } from "./aliyun_fake_policy.ts"
import { parseRequest, readBody, sendHtml, sendJson } from "./aliyun_fake_http.ts"
import { badGatewayHtml, createFailureQueue, type FailureKind, injectedError } from "./aliyun_fake_failures.ts"
import { createStsFake, type AssumedRole } from "./aliyun_fake_sts.ts"
import { type FakeError, type Params, requestId as newRequestId } from "./aliyun_fake_support.ts"
import { createVodFake } from "./aliyun_fake_vod.ts"
import { insertVideo, type FakeImage, type FakeJob, type FakeVideo, type VideoSeed, type VideoStatus } from "./aliyun_fake_vod_store.ts"
import { route } from "./aliyun_fake_routes.ts"

export type { FailureKind } from "./aliyun_fake_failures.ts"

/** How to start the fake; every field has a default. */
export interface AliyunFakeOptions {
  /** AccessKeyId → AccessKeySecret; default `{ testAccessKeyId: "testAccessKeySecret" }`. */
  readonly credentials?: Readonly<Record<string, string>>
  /** Region of upload addresses and credentials; default "cn-shanghai". */
  readonly region?: string
  /** The fake's clock (epoch ms) for timestamp and STS expiry checks; default Date.now. */
  readonly now?: () => number
  /** Allowed distance of x-acs-date / Timestamp from the clock; default 15 minutes. */
  readonly maxClockSkewMs?: number
}

/** One received request: HTTP status answered (or "hang" / "reset"), error Code if any, business params. */
export interface AliyunCall {
  readonly action: string
  readonly version: string
  /** Query and form params, without the RPC signing params (Signature, Timestamp, AccessKeyId, …). */
  readonly params: Params
  readonly signature: "acs3" | "rpc"
  readonly outcome: number | "hang" | "reset"
  readonly code: string | undefined
}

/** Alibaba Cloud (VOD 2017-03-21 and STS 2015-04-01) on a loopback HTTP port. */
export interface AliyunFake {
  /** "127.0.0.1:PORT", for the SDK's Config.endpoint with protocol "http". */
  readonly endpoint: string
  readonly calls: ReadonlyArray<AliyunCall>
  /** Received requests of one action (all actions without an argument), failed ones included. */
  readonly count: (action?: string) => number
  /** Makes the next n requests (of `action` only, when given) fail as `kind`, before any other check. */
  readonly failNext: (n: number, kind: FailureKind, action?: string) => void
  readonly videos: ReadonlyMap<string, FakeVideo>
  readonly images: ReadonlyMap<string, FakeImage>
  readonly jobs: ReadonlyArray<FakeJob>
  readonly assumedRoles: ReadonlyArray<AssumedRole>
  /** Adds a video as if uploaded (Normal, 12.3 s unless the seed says otherwise). */
  readonly putVideo: (seed?: VideoSeed) => FakeVideo
  /** Changes a known video's status (e.g. "Uploading", then play calls answer 403 Forbidden.IllegalStatus). */
  readonly setVideoStatus: (videoId: string, status: VideoStatus) => void
  /** Forgets calls, pending failures, nonces, videos, images, jobs and issued STS credentials. */
  readonly reset: () => void
  /** Stops listening and destroys every connection, keep-alive and hanging ones included. */
  readonly close: () => Promise<void>
}

const signingParams = new Set([
  "Action", "Version", "Format", "Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion", "AccessKeyId",
  "Signature", "SecurityToken"
])

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export const startAliyunFake = async (options: AliyunFakeOptions = {}): Promise<AliyunFake> => {
  const credentials = options.credentials ?? { testAccessKeyId: "testAccessKeySecret" }
  const now = options.now ?? Date.now
  const vod = createVodFake(options.region ?? "cn-shanghai")
  const sts = createStsFake()
  const failures = createFailureQueue()
  const calls: Array<AliyunCall> = []
  const nonces = new Set<string>()
  const sockets = new Set<Socket>()

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const request = parseRequest(req, await readBody(req))
    const headers = request.headers
    const action = (request.style === "acs3" ? headers["x-acs-action"] : undefined) ?? request.params["Action"] ?? ""
    const version = (request.style === "acs3" ? headers["x-acs-version"] : undefined) ?? request.params["Version"] ?? ""
    const params = Object.fromEntries(Object.entries(request.params).filter(([key]) => !signingParams.has(key)))
    const record = (outcome: AliyunCall["outcome"], code?: string) =>
      calls.push({ action, version, params, signature: request.style, outcome, code })
    const answerError = (requestId: string, error: FakeError) => {
      record(error.status, error.code)
      const product = version === "2015-04-01" ? "sts" : "vod"
      sendJson(res, error.status, {
        RequestId: requestId,
        HostId: headers["host"] ?? "",
        Code: error.code,
        Message: error.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}`
      })
    }
    const requestId = newRequestId()
    const failure = failures.take(action)
    if (failure === "hang") {
      record("hang")
      return
    }
    if (failure === "reset") {
      record("reset")
      req.socket.resetAndDestroy()
      return
    }
    if (failure === "html502") {
      record(502)
      sendHtml(res, 502, badGatewayHtml)
      return
    }
    const injected = failure === undefined ? undefined : injectedError(failure)
    if (injected !== undefined) return answerError(requestId, injected)
    const verdict = authenticate(request, {
      secretFor: (id) => (Object.hasOwn(credentials, id) ? credentials[id] : sts.issued.get(id)?.accessKeySecret),
      stsCredentials: (id) => sts.issued.get(id),
      now: now(),
      maxClockSkewMs: options.maxClockSkewMs ?? 15 * 60_000,
      nonces
    })
    if (!verdict.ok) return answerError(requestId, verdict.error)
    const granted = sts.issued.get(verdict.accessKeyId)
    const product = version === "2015-04-01" ? "sts" : "vod"
    if (granted !== undefined && !policyAllows(granted.policy, `${product}:${action}`)) {
      return answerError(requestId, {
        status: 403,
        code: "Forbidden.RAM",
        message: `User not authorized to operate on the specified resource, or this API doesn't support RAM (${product}:${action}).`
      })
    }
    const result = route({ vod: vod.actions, sts: sts.actions }, action, version)(params, now())
    if (!result.ok) return answerError(requestId, result.error)
    record(200)
    sendJson(res, 200, { RequestId: requestId, ...result.body })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      if (res.headersSent || res.destroyed) return
      const message = cause instanceof Error ? cause.message : String(cause)
      sendJson(res, 500, { RequestId: newRequestId(), Code: "InternalError", Message: `fake: ${message}` })
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    count: (action) => (action === undefined ? calls.length : calls.filter((call) => call.action === action).length),
    failNext: (n, kind, action) => failures.add(n, kind, action),
    videos: vod.store.videos,
    images: vod.store.images,
    jobs: vod.store.jobs,
    assumedRoles: sts.assumedRoles,
    putVideo: (seed = {}) => insertVideo(vod.store, now(), seed),
    setVideoStatus: (videoId, status) => {
      const video = vod.store.videos.get(videoId)
      if (video === undefined) throw new Error(`Cannot set the status of video ${videoId}: the fake does not know it`)
      vod.store.videos.set(videoId, { ...video, status })
    },
    reset: () => {
      calls.length = 0
      failures.clear()
      nonces.clear()
      vod.store.videos.clear()
      vod.store.images.clear()
      vod.store.jobs.length = 0
      sts.assumedRoles.length = 0
      sts.issued.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
