import { Effect, Layer } from "effect"
import { Readiness } from "../../core/ports/readiness.ts"
import * as LocalVersions from "../versions/local_versions.ts"
import * as MemoryAttempts from "./attempt_repository.ts"
import * as MemoryCatalogue from "./catalogue_repository.ts"
import * as MemoryJobs from "./job_repository.ts"
import * as MemoryLocalMedia from "./local_media_records.ts"
import * as MemorySessions from "./session_repository.ts"
import * as MemoryStore from "./store.ts"
import * as MemoryTransactor from "./transactor.ts"
import * as MemoryUploads from "./upload_repository.ts"
import * as MemoryUsers from "./user_repository.ts"
import * as MemoryVideos from "./video_repository.ts"
import * as MemoryVodEvents from "./vod_event_repository.ts"

/**
 * Repositories and transactor over one fresh in-memory store (lost when the layer is released), the versions their
 * writes advance (DataVersions), and the local media emulator's records: for tests, embedders and property tests, with
 * no database driver loaded.
 */
export const memoryDatabase = Layer.mergeAll(
  MemoryUsers.layer,
  MemorySessions.layer,
  MemoryAttempts.layer,
  MemoryTransactor.layer,
  MemoryUploads.layer,
  MemoryCatalogue.layer,
  // Lists join authors through the users repository (the same memoized instance as above).
  MemoryVideos.layer.pipe(Layer.provide(MemoryUsers.layer)),
  MemoryVodEvents.layer,
  MemoryJobs.layer,
  MemoryLocalMedia.layer,
  Layer.succeed(Readiness, Readiness.of({ check: Effect.void }))
).pipe(Layer.provide(MemoryStore.layer), Layer.provideMerge(LocalVersions.layer))
