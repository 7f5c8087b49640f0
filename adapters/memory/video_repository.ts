import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { alreadyPublished } from "../../core/domain/conflicts.ts"
import type { VideoId } from "../../core/domain/media.ts"
import type { MediaState, Video, VideoView } from "../../core/domain/video.ts"
import { inRecommendations } from "../../core/domain/video_rules.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import { type AdminVideoFilter, type PageQuery, VideoRepository } from "../../core/ports/video_repository.ts"
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

const matches = (filter: AdminVideoFilter) => (video: Video) =>
  Option.match(filter.state, {
    onNone: () => true,
    onSome: (state) => state === "deleted" ? !visible(video) : visible(video) && video.media.censor.value === state
  }) &&
  holds(filter.ownerId, (owner) => video.ownerId === owner) &&
  holds(filter.titleContains, (text) => video.metadata.title.includes(text))

// Whether an optional filter keeps a row: an absent one keeps every row.
const holds = <A>(filter: Option.Option<A>, keeps: (a: A) => boolean) => Option.isNone(filter) || keeps(filter.value)

/**
 * The recommend list's sequence for a query, as docs/admin.md states it: `feed` (newest first) with the pinned videos
 * it holds moved to the head in pin order; a cursor naming a pinned video continues after that pin (then every
 * unpinned video), any other cursor continues the unpinned videos below it.
 */
const feedSequence = (
  feed: ReadonlyArray<Video>,
  pins: ReadonlyArray<VideoId>,
  idOf: (videoId: VideoId) => number | undefined,
  query: PageQuery
): ReadonlyArray<Video> => {
  const pinned = new Set(pins)
  const byVideoId = new Map(feed.map((v) => [v.videoId, v]))
  const head = pins.flatMap((p) => Option.toArray(Option.fromNullable(byVideoId.get(p))))
  const rest = feed.filter((v) => !pinned.has(v.videoId))
  if (Option.isNone(query.before)) return [...head, ...rest]
  const before = query.before.value
  const at = pins.findIndex((p) => idOf(p) === before)
  if (at === -1) return rest.filter((v) => v.id < before)
  const after = new Set(pins.slice(at + 1))
  return [...head.filter((v) => after.has(v.videoId)), ...rest]
}

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const users = yield* UserRepository
  const changesVideos = touching(yield* Versions, "videos")
  const table = store.table<Table>("videos", { lastId: 0, rows: HashMap.empty() })
  // The pinned videoIds in pin order (the SQL adapter keeps a position on each row).
  const pins = store.table<ReadonlyArray<VideoId>>("video_pins", [])
  const find = (videoId: VideoId) => Effect.map(Ref.get(table), (t) => HashMap.get(t.rows, videoId))
  // The author as the SQL join sees it: the owner's current profile. A missing owner breaks the foreign key.
  const view = (video: Video): Effect.Effect<VideoView> =>
    Effect.flatMap(users.findById(video.ownerId), Option.match({
      onNone: () => Effect.dieMessage(`video ${video.videoId} has no stored owner ${video.ownerId}`),
      onSome: (user) =>
        Effect.succeed({ video, author: { userId: user.userId, nickname: user.nickname, avatarUrl: user.avatarUrl } })
    }))
  const page = (keep: (video: Video) => boolean, query: PageQuery, pinned = false) =>
    Effect.gen(function*() {
      const t = yield* Ref.get(table)
      const list = [...HashMap.values(t.rows)].filter((v) => visible(v) && keep(v)).sort((a, b) => b.id - a.id)
      const idOf = (videoId: VideoId) => Option.getOrUndefined(HashMap.get(t.rows, videoId))?.id
      const after = pinned
        ? feedSequence(list, yield* Ref.get(pins), idOf, query)
        : Option.match(query.before, { onNone: () => list, onSome: (before) => list.filter((v) => v.id < before) })
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
      page((v) => inRecommendations(v, moderation), query, true),
    listByOwner: (ownerId, query) => page((v) => v.ownerId === ownerId, query),
    listForAdmin: (filter, query) =>
      Effect.map(Ref.get(table), (t) =>
        [...HashMap.values(t.rows)]
          .filter((v) => matches(filter)(v) && holds(query.before, (before) => v.id < before))
          .sort((a, b) => b.id - a.id)
          .slice(0, query.limit)),
    listPins: Ref.get(pins),
    pin: (videoId) =>
      store.write(Effect.flatMap(find(videoId), (found) =>
        Ref.modify(pins, (list): readonly [boolean, ReadonlyArray<VideoId>] =>
          Option.isNone(found) || list.includes(videoId) ? [false, list] : [true, [...list, videoId]]))).pipe(changesVideos),
    unpin: (videoId) =>
      store.write(Ref.modify(pins, (list): readonly [boolean, ReadonlyArray<VideoId>] =>
        list.includes(videoId) ? [true, list.filter((p) => p !== videoId)] : [false, list])).pipe(changesVideos),
    orderPins: (videoIds) =>
      store.write(Ref.update(pins, (list) => {
        // Listed pins first in the order given, pins not listed after them in their order, as positions 1..n do.
        const listed = videoIds.filter((v) => list.includes(v))
        return [...new Set([...listed, ...list])]
      })).pipe(changesVideos)
  })
})

/** Published videos in memory, listed as the SQL adapter lists them (authors joined from the users table). */
export const layer = Layer.effect(VideoRepository, make)
