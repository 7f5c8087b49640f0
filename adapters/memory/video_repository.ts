import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { alreadyPublished } from "../../core/domain/conflicts.ts"
import type { VideoId } from "../../core/domain/media.ts"
import type { MediaState, Video, VideoView } from "../../core/domain/video.ts"
import { inRecommendations } from "../../core/domain/video_rules.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { type PageQuery, VideoRepository } from "../../core/ports/video_repository.ts"
import { touching, Versions } from "../versions/local_versions.ts"
import { MemoryStore } from "./store.ts"

interface Table {
  readonly lastId: number
  readonly rows: HashMap.HashMap<VideoId, Video>
}

// The SQL adapter stores media as jsonb: a copy through JSON keeps this one from sharing (or keeping) anything more,
// and it refuses what jsonb refuses (a NUL character in a string), as the SQL statement would.
const asStored = (media: MediaState): Effect.Effect<MediaState> => {
  const json = JSON.stringify(media)
  return /(^|[^\\])(\\\\)*\\u0000/.test(json)
    ? Effect.dieMessage("Cannot store media: jsonb refuses \\u0000")
    : Effect.succeed(JSON.parse(json))
}

const visible = (video: Video) => Option.isNone(video.deletedAt)

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const users = yield* UserRepository
  const changesVideos = touching(yield* Versions, "videos")
  const table = store.table<Table>("videos", { lastId: 0, rows: HashMap.empty() })
  const find = (videoId: VideoId) => Effect.map(Ref.get(table), (t) => HashMap.get(t.rows, videoId))
  // The author as the SQL join sees it: the owner's current profile. A missing owner breaks the foreign key.
  const view = (video: Video): Effect.Effect<VideoView> =>
    Effect.flatMap(users.findById(video.ownerId), Option.match({
      onNone: () => Effect.dieMessage(`video ${video.videoId} has no stored owner ${video.ownerId}`),
      onSome: (user) =>
        Effect.succeed({ video, author: { userId: user.userId, nickname: user.nickname, avatarUrl: user.avatarUrl } })
    }))
  const page = (keep: (video: Video) => boolean, query: PageQuery) =>
    Effect.gen(function*() {
      const t = yield* Ref.get(table)
      const list = [...HashMap.values(t.rows)].filter((v) => visible(v) && keep(v)).sort((a, b) => b.id - a.id)
      const after = Option.match(query.before, { onNone: () => list, onSome: (before) => list.filter((v) => v.id < before) })
      const items = yield* Effect.forEach(after.slice(query.offset, query.offset + query.limit), view)
      return { total: list.length, items }
    })

  return VideoRepository.of({
    insert: (video) =>
      store.write(Effect.gen(function*() {
        const t = yield* Ref.get(table)
        if (HashMap.has(t.rows, video.videoId)) {
          return yield* alreadyPublished
        }
        if (Option.isNone(yield* users.findById(video.ownerId))) {
          return yield* Effect.dieMessage(`Cannot insert video: owner ${video.ownerId} is not a stored user`)
        }
        const stored: Video = { ...video, id: t.lastId + 1, media: yield* asStored(video.media), deletedAt: Option.none() }
        yield* Ref.set(table, { lastId: stored.id, rows: HashMap.set(t.rows, video.videoId, stored) })
        return stored
      })).pipe(changesVideos),
    findByVideoId: find,
    // Memory transactions run one at a time, so a plain read already excludes concurrent writers.
    findForUpdate: find,
    updateMedia: (videoId, media) =>
      Effect.flatMap(asStored(media), (stored) =>
        store.write(Ref.update(table, (t) => ({
          ...t,
          rows: HashMap.modify(t.rows, videoId, (v) => ({ ...v, media: stored }))
        })))).pipe(changesVideos),
    markDeleted: (videoId, at) =>
      store.write(Ref.modify(table, (t): readonly [boolean, Table] => {
        const found = HashMap.get(t.rows, videoId)
        if (Option.isNone(found) || !visible(found.value)) return [false, t]
        return [true, { ...t, rows: HashMap.set(t.rows, videoId, { ...found.value, deletedAt: Option.some(at) }) }]
      })).pipe(changesVideos),
    listRecommended: (moderation, query) =>
      page((v) => inRecommendations(v, moderation), query),
    listByOwner: (ownerId, query) => page((v) => v.ownerId === ownerId, query)
  })
})

/** Published videos in memory, listed as the SQL adapter lists them (authors joined from the users table). */
export const layer = Layer.effect(VideoRepository, make)
