// Embedding the core: a complete program that uses the use cases with in-memory adapters only, on any runtime
// (Node ≥ 20, Deno 2, Bun 1). It imports nothing but `effect`, the core and the in-memory adapters. It exits non-zero
// with the failing step when anything is not as expected, else prints one line. docs/embedding.md shows this file.
import { Duration, Effect, Layer, Option, Schema } from "effect"
import * as Core from "../../core/mod.ts"
import { MemoryMediaControl, type MemoryMediaEvent, memoryAdapters } from "../../adapters/memory/mod.ts"

// 1. Settings: what the server reads from configuration, given here as values.
const limit = (max: number) => ({ max, window: Duration.minutes(15) })
const settings = Layer.mergeAll(
  Layer.succeed(Core.AuthSettings, {
    tokenTtl: Duration.days(30),
    maxSessionsPerUser: 5,
    throttles: { loginPerUsername: limit(10), loginPerAddress: limit(50), registerPerAddress: limit(20), randomUserPerAddress: limit(20) }
  }),
  Layer.succeed(Core.UploadPolicy, { videoExtensions: new Set(["mp4", "mov"]), maxFileSize: 2 * 1024 ** 3 }),
  Layer.succeed(Core.VideoSettings, { moderation: "hold" })
)

// 2. The adapters: every port in memory, the session cache on top, the settings beside.
const app = Core.sessionCacheLayer().pipe(Layer.provideMerge(Layer.merge(memoryAdapters, settings)))

/** Fails the program with the step's name when a check does not hold. */
const expect = (step: string, ok: boolean, detail = "") =>
  ok ? Effect.void : Effect.fail(new Error(`${step}${detail === "" ? "" : `: ${detail}`}`))

const applyAll = (events: ReadonlyArray<MemoryMediaEvent>) =>
  Effect.forEach(events, (event) => Core.receiveVodEvent(event))

const catalogueJson = {
  music: [{
    musicId: "demo-1",
    title: "Morning Walk",
    artistName: "Qu Studio",
    durationSeconds: 182,
    source: "embedding example",
    image: "",
    url: "music/demo-1.mp3",
    sort: 1
  }],
  stickerCategories: [{
    id: 1,
    name: "Faces",
    description: "",
    icon: "",
    preview: "",
    level: 1,
    sort: 1,
    createdAt: "2024-05-01T09:00:00+08:00",
    stickers: [{
      id: 1001,
      kind: "front",
      name: "cat-ears",
      icon: "",
      preview: "",
      url: "stickers/cat-ears.zip",
      md5: "41c54a3bfc187a6ce89255ec4e5ac5aa",
      sort: 1,
      createdAt: "2024-05-01T10:01:00+08:00"
    }]
  }],
  captionCategories: [],
  mvs: [],
  fonts: []
}

// 3. The scenario: what the app does over HTTP, called directly.
const scenario = Effect.gen(function*() {
  const media = yield* MemoryMediaControl
  const clientAddress = "203.0.113.7"

  // Register, log in, and turn the token back into the user.
  const username = yield* Schema.decodeUnknown(Core.Username)("alice")
  const password = yield* Schema.decodeUnknown(Core.Password)("correct horse battery")
  const registered = yield* Core.registerUser({ username, password, clientAddress })
  const { token } = yield* Core.loginUser({ username, password, clientAddress })
  const caller = yield* Core.authenticate(token)
  yield* expect("authenticate", caller.userId === registered.userId)

  // Upload credentials from the in-memory media cloud; then the client "uploads" the file.
  const upload = yield* Core.getVideoUploadAuth({
    owner: Option.some(caller.userId),
    title: "My first clip",
    fileName: "clip.mp4",
    fileSize: Option.some(1_000_000),
    description: Option.none(),
    coverUrl: Option.none(),
    tags: Option.some("demo"),
    clientAddress
  })
  const uploaded = yield* media.upload(upload.videoId, { durationSeconds: 12 })
  yield* expect("upload events", uploaded.length === 4, `got ${uploaded.length}`)

  // VOD's callbacks arrive out of order: the last two before the publish (kept for it), the first two after.
  const early = yield* applyAll([uploaded[3]!, uploaded[2]!])
  yield* expect("events before publish", early.every((outcome) => outcome === "stored"), early.join(","))
  const video = yield* Core.publishVideo({
    caller,
    videoId: upload.videoId,
    title: Option.none(),
    description: Option.some("published from an embedding"),
    duration: Option.none(),
    coverUrl: Option.none(),
    size: Option.none(),
    tags: Option.none(),
    cateId: Option.none(),
    cateName: Option.none()
  })
  const late = yield* applyAll([uploaded[1]!, uploaded[0]!, uploaded[1]!])
  yield* expect("events after publish", late.join(",") === "applied,applied,duplicate", late.join(","))

  // Moderation holds the video until its audit passes: run the queued jobs, and let the cloud report them.
  const page = { pageIndex: 1, pageSize: 20, before: Option.none() }
  const held = yield* Core.listRecommendedVideos(page)
  yield* expect("held before the audit", held.total === 0, `total ${held.total}`)
  const ran = yield* Core.runDueJobs(10)
  const finished = yield* media.finishJobs
  yield* expect("jobs", ran === 2 && finished.length === 2, `ran ${ran}, finished ${finished.length}`)
  yield* applyAll([...finished].reverse())

  const listed = yield* Core.listRecommendedVideos(page)
  const shown = listed.items[0]?.video
  yield* expect("recommended list", listed.total === 1 && shown?.videoId === video.videoId, `total ${listed.total}`)
  yield* expect("cover from the snapshot", shown !== undefined && Core.displayCover(shown).endsWith("/cover.jpg"))
  yield* expect("file from the transcode", shown !== undefined && Core.fileUrl(shown.media).endsWith("/clip.mp4"))
  yield* expect("duration from the analysis", shown !== undefined && Core.displayDuration(shown) === 12)
  const mine = yield* Core.listPersonalVideos(caller, page)
  yield* expect("personal list", mine.total === 1)

  // The catalogue: seed it once, then browse it.
  const catalogue = yield* Schema.decodeUnknown(Core.Catalogue)(catalogueJson)
  yield* expect("seed", yield* Core.seedCatalogue(catalogue))
  const music = yield* Core.getRecommendMusic({ pageNo: 1, pageSize: 10 })
  const categories = yield* Core.listStickerCategories()
  const stickers = yield* Core.listStickers({ categoryId: categories[0]!.id, kind: "front" })
  yield* expect("catalogue", music.total === 1 && categories.length === 1 && stickers.length === 1)

  return `1 user, 1 video listed after ${uploaded.length + finished.length} events applied out of order, ` +
    `catalogue of ${music.total} track and ${categories.length} sticker category`
})

// 4. Run it, and report on whichever runtime this is.
const runtime = (() => {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { version: string } }
  if (g.Deno !== undefined) return `Deno ${g.Deno.version.deno}`
  if (g.Bun !== undefined) return `Bun ${g.Bun.version}`
  return `Node ${g.process?.version ?? "?"}`
})()

Effect.runPromise(Effect.provide(scenario, app)).then(
  (summary) => console.log(`embedding example on ${runtime}: ok (${summary})`),
  (error: unknown) => {
    console.error(`embedding example on ${runtime}: FAILED at ${error instanceof Error ? error.message : String(error)}`)
    const g = globalThis as { process?: { exitCode?: number }; Deno?: { exit: (code: number) => never } }
    if (g.process !== undefined) g.process.exitCode = 1
    else g.Deno?.exit(1)
  }
)
