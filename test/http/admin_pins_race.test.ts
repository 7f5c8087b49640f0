import { Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { postgresDatabase } from "../../composition/databases.ts"
import { MAX_PINS } from "../../core/use_cases/admin/pin_video.ts"
import { publishHeldVideo } from "./held_video.ts"
import { expectEnvelope, testDatabaseUrl, useIsolatedPostgres, useServer } from "./support.ts"

// Pins made at the same moment, through two servers on one PostgreSQL: never more than the cap (without the pins lock
// 25 or 26 of 26 got through).
const ADMIN_TOKEN = "pins-race-admin-token-0123456789abcdef"
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` }

describe.skipIf(Option.isNone(testDatabaseUrl()))("concurrent pins on PostgreSQL", () => {
  const { url } = useIsolatedPostgres()
  const server = () =>
    useServer({
      adminToken: ADMIN_TOKEN,
      jobWorkerIdle: null,
      database: Layer.suspend(() => postgresDatabase({ url: url(), poolSize: 8 }))
    })
  const a = server()
  const b = server()

  it(`lets exactly ${MAX_PINS} of ${MAX_PINS + 6} simultaneous pins through; the others are refused`, async () => {
    const videos: Array<string> = []
    for (let i = 0; i < MAX_PINS + 6; i++) {
      const { videoId } = await publishHeldVideo(a, `race ${i}`)
      expectEnvelope(await a.postForm("/admin/videos/approve", { videoId }, bearer), "200")
      videos.push(videoId)
    }
    const codes = await Promise.all(videos.map((videoId, i) =>
      (i % 2 === 0 ? a : b).postForm("/admin/pins/pin", { videoId }, bearer).then((answer) => answer.json.code as string)))
    expect(codes.filter((c) => c === "200").length).toBe(MAX_PINS)
    expect(codes.filter((c) => c !== "200").every((c) => c === "409")).toBe(true)
    const pinned = expectEnvelope(await a.get("/admin/recommend", {}, bearer), "200").data.pinned as Array<unknown>
    expect(pinned.length).toBe(MAX_PINS)
  }, 60_000)
})
