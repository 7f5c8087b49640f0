import { randomUUID } from "node:crypto"
import { describe, expect, it } from "vitest"
import { expectEnvelope, useServer } from "./support.ts"
import { auditEvent, publishHeldVideo } from "./held_video.ts"

// The admin API (docs/admin.md, "HTTP: /admin/*") over HTTP: its guard, moderation, pins, the VOD event log, users
// and the catalogue, each checked through what the apps then see and through the audit log lines.

type Api = ReturnType<typeof useServer>

const ADMIN_TOKEN = "admin-http-test-token-0123456789"
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** Every admin endpoint, with parameters good enough to pass decoding. */
const ENDPOINTS: ReadonlyArray<readonly ["GET" | "POST", string, Record<string, string>]> = [
  ["GET", "/admin/session", {}],
  ["GET", "/admin/videos", {}],
  ["POST", "/admin/videos/approve", { videoId: "a".repeat(32) }],
  ["POST", "/admin/videos/block", { videoId: "a".repeat(32) }],
  ["POST", "/admin/videos/reaudit", { videoId: "a".repeat(32) }],
  ["GET", "/admin/videos/events", { videoId: "a".repeat(32) }],
  ["GET", "/admin/recommend", {}],
  ["POST", "/admin/pins/pin", { videoId: "a".repeat(32) }],
  ["POST", "/admin/pins/unpin", { videoId: "a".repeat(32) }],
  ["POST", "/admin/pins/order", { videoIds: "" }],
  ["GET", "/admin/users", {}],
  ["POST", "/admin/users/disable", { userId: "1" }],
  ["POST", "/admin/users/enable", { userId: "1" }],
  ["GET", "/admin/catalogue", {}]
]

const callEndpoint = (api: Api, [method, path, params]: (typeof ENDPOINTS)[number], headers: Record<string, string>) =>
  method === "GET" ? api.get(path, params, headers) : api.postForm(path, params, headers)

describe("HTTP admin API without QU_ADMIN_TOKEN", () => {
  const api = useServer({ jobWorkerIdle: null })

  it("answers \"404\" to every admin call, with or without a bearer token", async () => {
    for (const endpoint of ENDPOINTS) {
      for (const headers of [{}, bearer(ADMIN_TOKEN), bearer("")]) {
        const answer = expectEnvelope(await callEndpoint(api, endpoint, headers), "404")
        expect(answer.message, `${endpoint[0]} ${endpoint[1]}`).toContain("QU_ADMIN_TOKEN")
      }
    }
    expectEnvelope(
      await api.postJson("/admin/catalogue", { catalogue: { version: 1 } }, bearer(ADMIN_TOKEN)),
      "404"
    )
  })
})

describe("HTTP admin API", () => {
  const api = useServer({ adminToken: ADMIN_TOKEN, jobWorkerIdle: null })
  const adminGet = (path: string, params: Record<string, string> = {}) => api.get(path, params, bearer(ADMIN_TOKEN))
  const adminPost = (path: string, params: Record<string, string>) => api.postForm(path, params, bearer(ADMIN_TOKEN))
  const ok = async (answer: Promise<Awaited<ReturnType<Api["get"]>>>) => expectEnvelope(await answer, "200").data
  const callback = (body: unknown) =>
    api.call("/vodcallback/callback", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

  /** The JSON log lines written since `from` (an index into the captured logs). */
  const logLines = (from = 0) => api.logs().slice(from).map((line) => JSON.parse(line) as { message: unknown; annotations?: Record<string, unknown> })
  /** The `admin: <action>` lines written since `from`. */
  const auditLines = (action: string, from: number) => logLines(from).filter((line) => line.message === `admin: ${action}`)
  const expectAudit = (action: string, from: number, target: Record<string, string>, outcome = "done") => {
    const lines = auditLines(action, from)
    expect(lines.length, `one "admin: ${action}" line`).toBe(1)
    expect(lines[0]!.annotations).toMatchObject({ actor: "admin@127.0.0.1", ...target, outcome })
  }

  let viewerToken: string | undefined
  const viewer = async () =>
    viewerToken ??= (expectEnvelope(await api.get("/user/randomUser"), "200").data as { token: string }).token
  /** The apps' recommend list's first page, as ids. */
  const recommended = async () =>
    ((await ok(api.get("/vod/getRecommendVideoList", { token: await viewer(), pageIndex: "1", pageSize: "50" })))
      .videoList as Array<{ videoId: string }>).map((v) => v.videoId)

  const heldVideo = (title: string) => publishHeldVideo(api, title)
  const approved = async (title: string) => {
    const video = await heldVideo(title)
    await ok(adminPost("/admin/videos/approve", { videoId: video.videoId }))
    return video
  }
  const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`

  it("refuses a wrong or missing token with \"401\" (logged with the address), and a token in the query", async () => {
    const from = api.logs().length
    for (const endpoint of ENDPOINTS) {
      expectEnvelope(await callEndpoint(api, endpoint, bearer("not-the-admin-token-0123456789")), "401")
      expectEnvelope(await callEndpoint(api, endpoint, {}), "401")
    }
    expectEnvelope(await api.get("/admin/session", { token: ADMIN_TOKEN }), "401")
    expectEnvelope(await api.postForm("/admin/videos/approve", { token: ADMIN_TOKEN, videoId: "a".repeat(32) }), "401")
    expectEnvelope(await api.get("/admin/session", {}, { authorization: ADMIN_TOKEN }), "401")
    const refused = logLines(from).filter((line) => line.message === "admin: refused a token")
    expect(refused.length).toBeGreaterThanOrEqual(ENDPOINTS.length)
    expect(refused[0]!.annotations).toMatchObject({ address: "127.0.0.1" })
    expect(JSON.stringify(logLines(from))).not.toContain(ADMIN_TOKEN)
    // The right token, in the header: the console's log in.
    expect(await ok(adminGet("/admin/session"))).toEqual({ actor: "admin@127.0.0.1" })
  })

  it("lists held videos under review, not approved ones; q finds by title and by video id", async () => {
    const prefix = unique("Review")
    const held = await heldVideo(`${prefix} held`)
    const passed = await heldVideo(`${prefix} passed`)
    const from = api.logs().length
    const approvedVideo = (await ok(adminPost("/admin/videos/approve", { videoId: passed.videoId }))).video
    expect(approvedVideo).toMatchObject({ videoId: passed.videoId, censorStatus: "success", recommendable: true, pinned: false })
    expectAudit("approve", from, { videoId: passed.videoId })

    const ids = async (params: Record<string, string>) =>
      ((await ok(adminGet("/admin/videos", params))).videos as Array<{ videoId: string }>).map((v) => v.videoId)
    expect(await ids({ status: "review", q: prefix })).toEqual([held.videoId])
    expect(await ids({ q: prefix })).toEqual([held.videoId]) // review is the default
    expect(await ids({ status: "success", q: prefix })).toEqual([passed.videoId])
    expect(await ids({ status: "all", q: prefix })).toEqual([passed.videoId, held.videoId]) // newest first
    expect(await ids({ status: "all", q: `${prefix} held` })).toEqual([held.videoId])
    expect(await ids({ status: "all", q: prefix.toLowerCase() })).toEqual([]) // case-sensitive
    expect(await ids({ q: held.videoId })).toEqual([held.videoId])
    expect(await ids({ status: "all", userId: held.owner.userId })).toEqual([held.videoId])
    const [video] = (await ok(adminGet("/admin/videos", { q: held.videoId }))).videos
    expect(video).toMatchObject({
      videoId: held.videoId,
      title: `${prefix} held`,
      ownerId: held.owner.userId,
      censorStatus: "onCensor",
      deletedAt: null,
      recommendable: false,
      pinned: false,
      pinPosition: null
    })
    expectEnvelope(await adminGet("/admin/videos", { status: "nope" }), "400")
  })

  it("approve shows a video in the apps' list, block removes it, and a deleted video cannot be approved (\"409\")", async () => {
    const { owner, videoId } = await heldVideo(unique("Moderated"))
    expect(await recommended()).not.toContain(videoId)
    await ok(adminPost("/admin/videos/approve", { videoId }))
    expect(await recommended()).toContain(videoId)

    const from = api.logs().length
    const blocked = (await ok(adminPost("/admin/videos/block", { videoId }))).video
    expect(blocked).toMatchObject({ censorStatus: "fail", recommendable: false })
    expectAudit("block", from, { videoId })
    expect(await recommended()).not.toContain(videoId)

    expectEnvelope(await api.postForm("/vod/deleteVideoById", { token: owner.token, videoId, userId: owner.userId }), "200")
    const beforeRefusal = api.logs().length
    const refused = expectEnvelope(await adminPost("/admin/videos/approve", { videoId }), "409")
    expect(refused.message).not.toBe("")
    // The audit line says the decision was refused: nothing changed.
    expectAudit("approve", beforeRefusal, { videoId }, "refused: Conflict")
    expect(await recommended()).not.toContain(videoId)
    const [deleted] = (await ok(adminGet("/admin/videos", { q: videoId }))).videos
    expect(deleted.deletedAt).not.toBeNull()
    expectEnvelope(await adminPost("/admin/videos/approve", { videoId: "f".repeat(32) }), "404")
  })

  it("reaudit puts an approved video back onCensor and out of the apps' list", async () => {
    const { videoId } = await approved(unique("Reaudited"))
    expect(await recommended()).toContain(videoId)
    const from = api.logs().length
    const video = (await ok(adminPost("/admin/videos/reaudit", { videoId }))).video
    expect(video).toMatchObject({ videoId, censorStatus: "onCensor", recommendable: false })
    expectAudit("reaudit", from, { videoId })
    expect(await recommended()).not.toContain(videoId)
    const ids = ((await ok(adminGet("/admin/videos", { status: "onCensor", q: videoId }))).videos as Array<{ videoId: string }>)
    expect(ids.map((v) => v.videoId)).toEqual([videoId])
  })

  it("pins go first in the apps' list, in the order set; order must list every pinned id once", async () => {
    const a = await approved(unique("Pin A"))
    const b = await approved(unique("Pin B"))
    const held = await heldVideo(unique("Pin held"))
    // Newest first without pins: b before a.
    expect((await recommended()).slice(0, 2)).toEqual([b.videoId, a.videoId])

    let from = api.logs().length
    expect((await ok(adminPost("/admin/pins/pin", { videoId: a.videoId }))).video).toMatchObject({ pinned: true, pinPosition: 1 })
    expectAudit("pin", from, { videoId: a.videoId })
    expect((await ok(adminPost("/admin/pins/pin", { videoId: b.videoId }))).video).toMatchObject({ pinned: true, pinPosition: 2 })
    const listed = await recommended()
    expect(listed.slice(0, 2)).toEqual([a.videoId, b.videoId])
    expect(listed.filter((id) => id === a.videoId || id === b.videoId)).toHaveLength(2) // not repeated below
    const board = await ok(adminGet("/admin/recommend"))
    expect(board.pinned.map((v: { videoId: string }) => v.videoId)).toEqual([a.videoId, b.videoId])
    expect(board.videos.map((v: { videoId: string }) => v.videoId)).not.toContain(a.videoId)

    // Only a video the list shows may be pinned.
    expectEnvelope(await adminPost("/admin/pins/pin", { videoId: held.videoId }), "409")

    // reorderPins refuses a missing, an extra or a repeated id, and changes nothing then.
    for (const videoIds of [b.videoId, `${b.videoId},${a.videoId},${held.videoId}`, `${b.videoId},${b.videoId}`, ""]) {
      from = api.logs().length
      const refused = expectEnvelope(await adminPost("/admin/pins/order", { videoIds }), "400")
      expect(refused.message, videoIds).toContain("videoIds")
      expect(auditLines("order pins", from).map((line) => line.annotations?.["outcome"])).toEqual(["refused: ValidationError"])
    }
    expect((await recommended()).slice(0, 2)).toEqual([a.videoId, b.videoId])
    from = api.logs().length
    const ordered = await ok(adminPost("/admin/pins/order", { videoIds: `${b.videoId}, ${a.videoId}` }))
    expect(ordered.pinned.map((v: { videoId: string; pinPosition: number }) => [v.videoId, v.pinPosition]))
      .toEqual([[b.videoId, 1], [a.videoId, 2]])
    expectAudit("order pins", from, { videoIds: `${b.videoId},${a.videoId}` })
    expect((await recommended()).slice(0, 2)).toEqual([b.videoId, a.videoId])

    from = api.logs().length
    expect((await ok(adminPost("/admin/pins/unpin", { videoId: b.videoId }))).video).toMatchObject({ pinned: false, pinPosition: null })
    expectAudit("unpin", from, { videoId: b.videoId })
    const after = await recommended()
    expect(after[0]).toBe(a.videoId)
    expect(after).toContain(b.videoId)
    await ok(adminPost("/admin/pins/unpin", { videoId: a.videoId }))
    expect((await recommended()).slice(0, 2)).toEqual([b.videoId, a.videoId])
    expect((await ok(adminGet("/admin/recommend"))).pinned).toEqual([])
  })

  it("videoEvents lists the VOD callbacks a video received, newest first, with body and outcome", async () => {
    const { videoId } = await heldVideo(unique("Events"))
    expect((await ok(adminGet("/admin/videos/events", { videoId }))).events).toEqual([])
    expect((await callback(auditEvent(videoId, "pass", -30))).status).toBe(200)
    // Older than the decision the video holds: stored, but changes nothing.
    expect((await callback(auditEvent(videoId, "block", -60))).status).toBe(200)
    const events = (await ok(adminGet("/admin/videos/events", { videoId }))).events as Array<any>
    expect(events.map((e) => [e.eventType, e.outcome, e.body.Data.Suggestion])).toEqual([
      ["AIMediaAuditComplete", "unchanged", "block"],
      ["AIMediaAuditComplete", "applied", "pass"]
    ])
    expect(events[1].body.MediaId).toBe(videoId)
    expect(Date.parse(events[1].eventTime)).toBe(Date.parse(events[1].body.EventTime))
    expect(Number.isNaN(Date.parse(events[0].receivedAt))).toBe(false)
    expect(await recommended()).toContain(videoId)
  })

  it("a disabled user's token stops working and login answers \"403\"; enabled, login works again", async () => {
    const username = `admin_t_${randomUUID().slice(0, 8)}`
    const password = "s3cret-password"
    const registered = expectEnvelope(await api.postForm("/user/register", { username, password }), "200").data
    const { token, userId } = expectEnvelope(await api.get("/user/login", { username, password }), "200").data
    expect(userId).toBe(registered.userId)
    expectEnvelope(await api.postForm("/user/updateUser", { token, userId, nickname: "before" }), "200")

    const users = (await ok(adminGet("/admin/users", { q: username }))).users
    expect(users).toEqual([expect.objectContaining({ userId, userName: username, disabled: false })])

    let from = api.logs().length
    expect((await ok(adminPost("/admin/users/disable", { userId }))).user).toMatchObject({ userId, disabled: true })
    expectAudit("disable user", from, { userId })
    expectEnvelope(await api.postForm("/user/updateUser", { token, userId, nickname: "after" }), "401")
    expectEnvelope(await api.get("/user/login", { username, password }), "403")
    expectEnvelope(await api.get("/user/login", { username, password: "wrong-password" }), "401")
    expect((await ok(adminGet("/admin/users", { q: username }))).users[0].disabled).toBe(true)

    from = api.logs().length
    expect((await ok(adminPost("/admin/users/enable", { userId }))).user).toMatchObject({ userId, disabled: false })
    expectAudit("enable user", from, { userId })
    const again = expectEnvelope(await api.get("/user/login", { username, password }), "200").data
    expectEnvelope(await api.postForm("/user/updateUser", { token: again.token, userId, nickname: "after" }), "200")
    // The token revoked by the disable stays revoked.
    expectEnvelope(await api.postForm("/user/updateUser", { token, userId, nickname: "old" }), "401")
    expectEnvelope(await adminPost("/admin/users/disable", { userId: "999999999" }), "404")
    // Ids and cursors are digits, refused by the contract rather than by the database.
    expect(expectEnvelope(await adminPost("/admin/users/disable", { userId: "abc" }), "400").message).toMatch(/userId/)
    expect(expectEnvelope(await adminGet("/admin/users", { cursor: "x1" }), "400").message).toMatch(/cursor/)
  })

  it("exports the catalogue and imports it back (replace), the revision moving at each stored import", async () => {
    const first = await ok(adminGet("/admin/catalogue"))
    expect(typeof first.revision).toBe("number")
    expect(first.catalogue.version).toBe(1)
    const original = first.catalogue
    const track = { musicId: "admin-test-track", title: "Admin test", url: "music/admin-test.mp3" }
    const changed = { ...original, music: [...original.music, track] }

    // A dry run stores nothing.
    const dry = await ok(api.postJson("/admin/catalogue", { catalogue: changed, dryRun: true }, bearer(ADMIN_TOKEN)))
    expect(dry.summary).toContain("(not stored)")
    expect((await ok(adminGet("/admin/catalogue"))).revision).toBe(first.revision)

    let from = api.logs().length
    const imported = await ok(api.postJson("/admin/catalogue", { catalogue: changed, mode: "replace" }, bearer(ADMIN_TOKEN)))
    expect(imported.revision).toBeGreaterThan(first.revision)
    expect(imported.summary).toContain(`${changed.music.length} tracks`)
    expectAudit("import catalogue (replace)", from, {})
    const second = await ok(adminGet("/admin/catalogue"))
    expect(second.revision).toBe(imported.revision)
    expect(second.catalogue.music.map((m: { musicId: string }) => m.musicId)).toContain(track.musicId)

    // Back to the original: the export round-trips.
    from = api.logs().length
    const restored = await ok(api.postJson("/admin/catalogue", { catalogue: original }, bearer(ADMIN_TOKEN)))
    expect(restored.revision).toBeGreaterThan(imported.revision)
    expectAudit("import catalogue (replace)", from, {})
    const third = await ok(adminGet("/admin/catalogue"))
    expect(third.revision).toBe(restored.revision)
    expect(third.catalogue).toEqual(original)

    // A bad catalogue is refused, naming it, and stores nothing.
    from = api.logs().length
    for (const body of [
      {},
      { catalogue: null },
      { catalogue: { version: 2 } },
      { catalogue: { ...original, music: [{ musicId: "x" }] } },
      { catalogue: { ...original, music: [track, track] } }
    ]) {
      const refused = expectEnvelope(await api.postJson("/admin/catalogue", body, bearer(ADMIN_TOKEN)), "400")
      expect(refused.message).toMatch(/^catalogue /)
    }
    // A body that is not JSON at all is the caller's mistake too: "400", not "500".
    const notJson = await api.call("/admin/catalogue", {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(ADMIN_TOKEN) },
      body: "{ not json"
    })
    expect(expectEnvelope(notJson, "400").message).toMatch(/JSON/)
    expect((await ok(adminGet("/admin/catalogue"))).revision).toBe(restored.revision)
    expect(expectEnvelope(await api.postJson("/admin/catalogue", {}, bearer(ADMIN_TOKEN)), "400").message)
      .toBe("catalogue is required: a catalogue file's JSON")
  })
})
