import { connect } from "node:net"
import { describe, expect, it } from "vitest"
import { pgliteDatabase } from "../../composition/databases.ts"
import { type Answer, expectEnvelope, useServer } from "./support.ts"

type Api = ReturnType<typeof useServer>

const NUL = "a\u0000b"
const eventTime = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z")
const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels)

/** A raw HTTP answer read off a socket. */
interface RawAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** A raw connection: write bytes as they are, read whole answers (Content-Length bodies) one after another. */
const openConnection = async (url: string) => {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject))
  let received = Buffer.alloc(0)
  let error: string | undefined
  let closed = false
  let wake = () => {}
  socket.on("error", (e: NodeJS.ErrnoException) => void (error = e.code ?? e.message))
  socket.on("close", () => void (closed = true, wake()))
  socket.on("data", (chunk) => void (received = Buffer.concat([received, chunk]), wake()))
  const take = (): RawAnswer | undefined => {
    const end = received.indexOf("\r\n\r\n")
    if (end === -1) return undefined
    const [statusLine, ...lines] = received.toString("latin1", 0, end).split("\r\n")
    const headers = Object.fromEntries(lines.map((l) => {
      const colon = l.indexOf(":")
      return [l.slice(0, colon).toLowerCase(), l.slice(colon + 1).trim()]
    }))
    const length = Number(headers["content-length"])
    if (received.length < end + 4 + length) return undefined
    const body = received.subarray(end + 4, end + 4 + length).toString("utf8")
    received = received.subarray(end + 4 + length)
    return { status: Number(statusLine!.split(" ")[1]), headers, body }
  }
  return {
    /** Writes a chunked request's head and chunks; the terminal chunk only when `finish`. */
    sendChunked: (head: string, chunks: ReadonlyArray<string>, finish: boolean) => {
      socket.write(`${head}\r\nTransfer-Encoding: chunked\r\n\r\n`)
      for (const chunk of chunks) socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`)
      if (finish) socket.write("0\r\n\r\n")
    },
    write: (text: string) => socket.write(text),
    /** The next complete answer; rejects if the connection closes (or is reset) first. */
    answer: async (): Promise<RawAnswer> => {
      for (;;) {
        const answer = take()
        if (answer !== undefined) return answer
        if (closed || error !== undefined) throw new Error(`connection ended without an answer (${error ?? "closed"})`)
        await new Promise<void>((resolve) => (wake = resolve))
      }
    },
    /** A socket error seen so far (e.g. ECONNRESET). */
    error: () => error,
    close: () => socket.destroy()
  }
}

const asAnswer = (raw: RawAnswer): Answer => {
  let json: unknown
  try {
    json = JSON.parse(raw.body)
  } catch {
    json = undefined
  }
  return { status: raw.status, headers: new Headers(raw.headers), text: raw.body, json }
}

const randomUser = async (api: Api) =>
  expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string; userId: string }

describe("HTTP NUL characters in text parameters (on PGlite)", () => {
  const api = useServer({ database: pgliteDatabase() })
  const nulMessage = (parameter: string) => `${parameter} must not contain a NUL character`

  it("getVideoUploadAuth (vod and demo) answers 400 naming each text parameter", async () => {
    const me = await randomUser(api)
    const valid = { title: "标题", fileName: "clip.mp4" }
    for (const parameter of ["title", "fileName", "description", "coverURL", "tags"]) {
      const query = { ...valid, [parameter]: NUL }
      const vod = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: me.token, ...query }), "400")
      expect(vod.message, parameter).toBe(nulMessage(parameter))
      const demo = expectEnvelope(await api.get("/demo/getVideoUploadAuth", query), "400")
      expect(demo.message, parameter).toBe(nulMessage(parameter))
    }
  })

  it("getImageUploadAuth answers 400 naming title and tags", async () => {
    const me = await randomUser(api)
    for (const parameter of ["title", "tags"]) {
      const answer = await api.get("/vod/getImageUploadAuth", { token: me.token, imageType: "cover", [parameter]: NUL })
      expect(expectEnvelope(answer, "400").message, parameter).toBe(nulMessage(parameter))
    }
  })

  it("videoPublish answers 400 naming each text parameter, from a form, a JSON body or the query", async () => {
    const me = await randomUser(api)
    const issued = expectEnvelope(await api.get("/vod/getVideoUploadAuth", { token: me.token, title: "t", fileName: "v.mp4" }), "200")
    const base = { token: me.token, videoId: issued.data.videoId as string }
    for (const parameter of ["title", "description", "tags", "cateName", "coverUrl"]) {
      const params = { ...base, [parameter]: NUL }
      const answers = [
        await api.postForm("/vod/videoPublish", params),
        await api.postJson("/vod/videoPublish", params),
        await api.call(`/vod/videoPublish?${new URLSearchParams(params)}`, { method: "POST" })
      ]
      for (const answer of answers) expect(expectEnvelope(answer, "400").message, parameter).toBe(nulMessage(parameter))
    }
    // The video was never published: a clean publish still succeeds.
    expectEnvelope(await api.postForm("/vod/videoPublish", { ...base, title: "clean" }), "200")
  })

  it("register, login and updateUser answer 400 naming username, password and nickname", async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ["/user/register", { username: NUL, password: "password-1" }, "username"],
      ["/user/register", { username: "nul_user", password: `password${NUL}` }, "password"],
      ["/user/login", { username: NUL, password: "password-1" }, "username"],
      ["/user/login", { username: "nul_user", password: `password${NUL}` }, "password"]
    ]
    for (const [path, params, parameter] of cases) {
      for (const answer of [await api.postForm(path, params), await api.postJson(path, params), await api.get(path, params)]) {
        expect(expectEnvelope(answer, "400").message, `${path} ${parameter}`).toBe(nulMessage(parameter))
      }
    }
    const me = await randomUser(api)
    const rename = { token: me.token, userId: me.userId, nickname: `名${NUL}` }
    for (const answer of [await api.postForm("/user/updateUser", rename), await api.postJson("/user/updateUser", rename)]) {
      expect(expectEnvelope(answer, "400").message).toBe(nulMessage("nickname"))
    }
  })
})

describe("HTTP deeply nested JSON", () => {
  const api = useServer()
  const postJsonText = (path: string, body: string) =>
    api.call(path, { method: "POST", headers: { "content-type": "application/json" }, body })

  it("an API body nested 100,000 levels answers the envelope with 400", async () => {
    expectEnvelope(await postJsonText("/user/login", deep(100_000)), "400")
    expectEnvelope(await postJsonText("/user/login", `{"username":${deep(100_000)},"password":"password-1"}`), "400")
    expectEnvelope(await postJsonText("/user/login", "[".repeat(100_000)), "400")
  })

  it("a callback nested 100,000 levels answers HTTP 400 with a message, and a nested-but-sane one is stored", async () => {
    const event = (extra: string) =>
      `{"EventType":"FileUploadComplete","EventTime":"${eventTime()}","VideoId":"${"e".repeat(32)}","Extra":${extra}}`
    for (const body of [event(deep(100_000)), deep(100_000), event(deep(5_000))]) {
      const answer = await postJsonText("/vodcallback/callback", body)
      expect(answer.status, answer.text).toBe(400)
      expect(Object.keys(answer.json)).toEqual(["message"])
      expect(answer.json.message).toMatch(/nested/)
    }
    const sane = await postJsonText("/vodcallback/callback", event(deep(8)))
    expect(sane.status, sane.text).toBe(200)
  })
})

describe("HTTP chunked bodies over the limit", () => {
  const api = useServer()
  const block = "x".repeat(64 * 1024)
  const over = Array.from({ length: 20 }, () => block) // 1.25 MiB, over the 1 MiB default
  const loginHead = (type: string) => `POST /user/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}`
  const callbackHead = "POST /vodcallback/callback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"

  it("a chunked form body over the limit answers the envelope 400 naming it before the body ends, without a reset", async () => {
    const connection = await openConnection(api.url())
    connection.sendChunked(loginHead("application/x-www-form-urlencoded"), ["username=someone&password=", ...over], false)
    const answer = await connection.answer()
    expect(expectEnvelope(asAnswer(answer), "400").message).toContain("1048576")
    expect(connection.error()).toBeUndefined()
    connection.close()
  })

  it("a finished chunked JSON body over the limit answers 400, and the connection serves the next request", async () => {
    const connection = await openConnection(api.url())
    connection.sendChunked(loginHead("application/json"), [`{"username":"someone","password":"`, ...over, `"}`], true)
    expect(expectEnvelope(asAnswer(await connection.answer()), "400").message).toContain("1048576")
    connection.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
    expect(JSON.parse((await connection.answer()).body)).toEqual({ status: "ok" })
    expect(connection.error()).toBeUndefined()
    connection.close()
  })

  it("a chunked callback over the limit answers HTTP 400 before the body ends, and a whole 40 MiB one stores nothing", async () => {
    const issued = expectEnvelope(await api.get("/demo/getVideoUploadAuth", { title: "t", fileName: "v.mp4" }), "200")
    const videoId = issued.data.videoId as string
    const event = `{"EventType":"AIMediaAuditComplete","EventTime":"${eventTime()}","MediaId":"${videoId}",` +
      `"Status":"success","Data":{"Suggestion":"pass"},"Pad":"`
    const early = await openConnection(api.url())
    early.sendChunked(callbackHead, [event, ...over], false)
    const first = await early.answer()
    expect(first.status).toBe(400)
    expect(JSON.parse(first.body)).toEqual({ message: expect.stringContaining("1048576") })
    expect(early.error()).toBeUndefined()
    early.close()
    const whole = await openConnection(api.url())
    whole.sendChunked(callbackHead, [event, ...Array.from({ length: 640 }, () => block), `"}`], true)
    const second = await whole.answer()
    expect(second.status).toBe(400)
    whole.close()
    // Had the event been stored, the audit would apply on publish and show censorStatus "success".
    const me = await randomUser(api)
    const published = expectEnvelope(await api.postForm("/vod/videoPublish", { token: me.token, videoId, title: "t" }), "200")
    expect(published.data.censorStatus).toBe("onCensor")
  })
})

describe("HTTP sign-in bursts (password hashing limited to 1 running, 2 waiting)", () => {
  const api = useServer({ passwordHashing: { concurrency: 1, queue: 2 } })

  it("30 concurrent wrong logins each answer 401 or 429, and the next login is served", async () => {
    const credentials = { username: "burst_user", password: "right-password" }
    expectEnvelope(await api.postForm("/user/register", credentials), "200")
    const answers = await Promise.all(Array.from({ length: 30 }, () =>
      api.postForm("/user/login", { ...credentials, password: "wrong-password" })))
    for (const answer of answers) {
      const code = answer.json?.code
      expect(["401", "429"], answer.text).toContain(code)
      const e = expectEnvelope(answer, code)
      if (code === "429") expect(e.message).toBe("Too many sign-ins at once; retry in a moment")
    }
    expectEnvelope(await api.postForm("/user/login", credentials), "200")
  })
})
