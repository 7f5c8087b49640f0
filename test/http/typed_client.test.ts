import { FetchHttpClient, HttpClient, type HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { describe, expect, expectTypeOf, it } from "vitest"
import { ApiClient, layer, layerFetch, layerNode, QuApiError, type QuClient, type QuClientError } from "../../adapters/http/client/mod.ts"
import { VideoId } from "../../core/domain/media.ts"
import { Nickname, UserId, Username } from "../../core/domain/user.ts"
import { useServer } from "./support.ts"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// The typed client over undici against a real server; the raw-wire suites (users, videos, logout …) stay the reference.
describe("the typed client (HttpApiClient from the contract, on undici)", () => {
  const api = useServer()
  const run = <A, E>(body: (client: QuClient) => Effect.Effect<A, E>, baseUrl = api.url()) =>
    Effect.runPromise(Effect.flatMap(ApiClient, body).pipe(Effect.provide(layerNode({ baseUrl }))))
  /** The failure of a call that must fail. */
  const failure = <A, E>(body: (client: QuClient) => Effect.Effect<A, E>, baseUrl?: string) =>
    run((client) => Effect.flip(body(client)), baseUrl)

  it("randomUser, register, login, updateUser and logout; the logged-out token is refused with a typed 401", async () => {
    const anonymous = await run((client) => client.user.randomUser())
    expect(anonymous.userId).toMatch(/^\d+$/)
    expect(anonymous.token.length).toBeGreaterThanOrEqual(16)

    const username = Username.make("typed_client_1")
    const password = Redacted.make("password-123")
    const registered = await run((client) => client.user.register({ urlParams: { username, password } }))
    expect(registered.userId).toMatch(/^\d+$/)
    const session = await run((client) => client.user.login({ urlParams: { username, password } }))
    expect(session.userId).toBe(registered.userId)

    const renamed = await run((client) =>
      Effect.gen(function*() {
        const me = client.withToken(session.token)
        const data = yield* me.user.updateUser({ urlParams: { userId: UserId.make(session.userId), nickname: Nickname.make("新的名字") } })
        const again = yield* client.user.login({ urlParams: { username, password } })
        return { data, nickName: again.nickName }
      })
    )
    expect(renamed).toEqual({ data: null, nickName: "新的名字" })

    expect(await run((client) => client.withToken(Redacted.make(session.token)).user.logout())).toBeNull()
    const refused = await failure((client) => client.withToken(session.token).vod.getSts())
    expect(refused).toBeInstanceOf(QuApiError)
    expect(refused).toMatchObject({ _tag: "QuApiError", operation: "vod.getSts", code: "401", message: "Please log in the system!" })
    // The error holds what the server said, never what the caller sent.
    expect(JSON.stringify(refused)).not.toContain(session.token)
    expect(String(refused)).not.toContain(session.token)

    const badPassword = await failure((client) =>
      client.user.login({ urlParams: { username, password: Redacted.make("wrong-password") } })
    )
    expect(badPassword).toMatchObject({ _tag: "QuApiError", code: "401", message: "Incorrect username or password" })
    expect(JSON.stringify(badPassword)).not.toContain("wrong-password")
  })

  it("sends a POST's parameters as a form body and the token as a Bearer header, never in the URL", async () => {
    const sent: Array<HttpClientRequest.HttpClientRequest> = []
    const recording = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        HttpClient.transform(client, (response, request) => {
          sent.push(request)
          return response
        }))
    ).pipe(Layer.provide(NodeHttpClient.layerUndici))
    const password = Redacted.make("password-456")
    const username = Username.make("typed_client_2")
    const session = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* ApiClient
      yield* client.user.register({ urlParams: { username, password } })
      const session = yield* client.user.login({ urlParams: { username, password } })
      yield* client.withToken(session.token).vod.getSts()
      return session
    }).pipe(Effect.provide(layer({ baseUrl: api.url() }).pipe(Layer.provide(recording)))))
    const [register, login, sts] = sent
    for (const request of [register!, login!]) {
      expect(request.method).toBe("POST")
      expect(request.url).not.toContain("?")
      expect(request.urlParams).toEqual([])
      expect(request.body._tag).toBe("Uint8Array")
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      expect(new URLSearchParams(body).get("password")).toBe("password-456")
      expect(request.body._tag === "Uint8Array" && request.body.contentType).toBe("application/x-www-form-urlencoded")
    }
    expect(sts!.url).not.toContain(session.token)
    expect(sts!.urlParams).toEqual([])
    expect(sts!.headers.authorization).toBe(`Bearer ${session.token}`)
  })

  it("STS and upload auth, then publish a video and find it in the personal list", async () => {
    const { token, userId } = await run((client) => client.user.randomUser())
    const { sts, upload, video, list } = await run((client) =>
      Effect.gen(function*() {
        const me = client.withToken(token)
        const sts = yield* me.vod.getSts()
        const upload = yield* me.vod.getVideoUploadAuth({ urlParams: { title: "客户端上传", fileName: "clip.mp4" } })
        const video = yield* me.videos.videoPublish({
          urlParams: { videoId: VideoId.make(upload.videoId), title: "类型化客户端", duration: 12, tags: "a,b" }
        })
        const list = yield* me.videos.getPersonalVideoList({ urlParams: { pageIndex: 1, pageSize: 10 } })
        return { sts, upload, video, list }
      })
    )
    expect(sts.expiration).toBe(sts.Expiration)
    expect(sts.accessKeyId.length).toBeGreaterThan(0)
    expect(upload.videoId).toMatch(/^[0-9a-f]{32}$/)
    expect(video).toMatchObject({ videoId: upload.videoId, title: "类型化客户端", duration: 12, user: { userId } })
    expect(list.total).toBe(1)
    expect(list.videoList.map((v) => v.videoId)).toEqual([upload.videoId])
  })

  it("a missing video is a typed 404 failure carrying the envelope's code, message and requestId", async () => {
    const missing = await failure((client) => client.vodVideo.getVideoById({ urlParams: { videoId: VideoId.make("f".repeat(32)) } }))
    expect(missing).toBeInstanceOf(QuApiError)
    if (!(missing instanceof QuApiError)) return
    expect(missing.operation).toBe("vodVideo.getVideoById")
    expect(missing.code).toBe("404")
    expect(missing.message.length).toBeGreaterThan(0)
    expect(missing.requestId).toMatch(UUID)
  })

  it("an authenticated operation without a token is a typed 401", async () => {
    const refused = await failure((client) => client.videos.getPersonalVideoList({ urlParams: { pageIndex: 1, pageSize: 10 } }))
    expect(refused).toMatchObject({ _tag: "QuApiError", operation: "videos.getPersonalVideoList", code: "401" })
  })

  it("keeps transport and request errors apart from failure envelopes", async () => {
    // A request that does not fit the contract is refused before it is sent.
    const invalid = await failure((client) => client.user.register({
      urlParams: { username: "x" as Username, password: Redacted.make("password-123") }
    }))
    expect(invalid._tag).toBe("ParseError")
    // Nobody listening: a transport failure, not an envelope.
    const unreachable = await failure((client) => client.user.randomUser(), "http://127.0.0.1:9")
    expect(unreachable._tag).toBe("RequestError")
  })

  it("runs the same on the platform's fetch (layerFetch, as in a browser)", async () => {
    const outcome = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* ApiClient
      const user = yield* client.user.randomUser()
      const list = yield* client.withToken(user.token).videos.getRecommendVideoList({ urlParams: { pageIndex: 1, pageSize: 50 } })
      const missing = yield* Effect.flip(client.vodVideo.getVideoById({ urlParams: { videoId: VideoId.make("e".repeat(32)) } }))
      return { user, list, missing }
    }).pipe(Effect.provide(layerFetch({ baseUrl: api.url() }))))
    expect(outcome.user.userId).toMatch(/^\d+$/)
    expect(Array.isArray(outcome.list.videoList)).toBe(true)
    expect(outcome.missing).toMatchObject({ _tag: "QuApiError", code: "404" })
  })

  it("reads gzip answers on fetch (which sends Accept-Encoding and inflates them)", async () => {
    const encodings: Array<string | undefined> = []
    const recording = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        HttpClient.transformResponse(client, Effect.tap((response) => {
          encodings.push(response.headers["content-encoding"])
        })))
    ).pipe(Layer.provide(FetchHttpClient.layer))
    const list = await Effect.runPromise(Effect.gen(function*() {
      const client = yield* ApiClient
      const me = client.withToken((yield* client.user.randomUser()).token)
      for (let i = 0; i < 4; i++) {
        const { videoId } = yield* me.vod.getVideoUploadAuth({ urlParams: { title: `第${i}个`, fileName: "clip.mp4" } })
        yield* me.videos.videoPublish({ urlParams: { videoId: VideoId.make(videoId), title: `压缩测试 ${i}`, description: "d".repeat(200) } })
      }
      return yield* me.videos.getPersonalVideoList({ urlParams: { pageIndex: 1, pageSize: 10 } })
    }).pipe(Effect.provide(layer({ baseUrl: api.url() }).pipe(Layer.provide(recording)))))
    expect(list.videoList.map((v) => v.title)).toEqual(["压缩测试 3", "压缩测试 2", "压缩测试 1", "压缩测试 0"])
    expect(encodings.at(-1)).toBe("gzip")
  })

  it("types each operation from the contract: the data of its envelope, and QuClientError", () => {
    type Sts = ReturnType<QuClient["vod"]["getSts"]>
    expectTypeOf<Effect.Effect.Success<Sts>>().toEqualTypeOf<{
      readonly accessKeyId: string
      readonly accessKeySecret: string
      readonly securityToken: string
      readonly expiration: string
      readonly Expiration: string
    }>()
    expectTypeOf<Effect.Effect.Error<Sts>>().toEqualTypeOf<QuClientError>()
    expectTypeOf<Effect.Effect.Success<ReturnType<QuClient["user"]["logout"]>>>().toEqualTypeOf<null>()
    expectTypeOf<Parameters<QuClient["vodVideo"]["getVideoById"]>[0]>().toMatchTypeOf<{ readonly urlParams: { readonly videoId: VideoId } }>()
  })

  it("plain-JSON operations (the probes) come back as they are", async () => {
    expect(await run((client) => client.system.health())).toEqual({ status: "ok" })
  })
})
