import { Effect, Layer } from "effect"
import { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"
import { Readiness } from "../../core/ports/readiness.ts"
import * as WordProfiles from "../profile/word_profile_generator.ts"
import * as LocalVersions from "../versions/local_versions.ts"
import * as MemoryAttempts from "./attempt_repository.ts"
import * as MemoryCatalogue from "./catalogue_repository.ts"
import * as MemoryJobs from "./job_repository.ts"
import * as MemoryMedia from "./media_cloud.ts"
import * as MemoryLocalMedia from "./local_media_records.ts"
import * as MemorySessions from "./session_repository.ts"
import * as MemoryStore from "./store.ts"
import * as MemoryTransactor from "./transactor.ts"
import * as MemoryUploads from "./upload_repository.ts"
import * as MemoryUsers from "./user_repository.ts"
import * as MemoryVideos from "./video_repository.ts"
import * as MemoryVodEvents from "./vod_event_repository.ts"
import * as WebGenerators from "./web_generators.ts"
import * as WebPasswordHasher from "./web_password_hasher.ts"

/** The in-memory media cloud (MediaCloud, CredentialIssuer) and MemoryMediaControl, which simulates uploads and jobs. */
export { MemoryMediaControl, type MemoryMediaEvent, type SimulatedUpload } from "./media_cloud.ts"
/** The in-memory media cloud's layer and constructor, on its own. */
export * as MemoryMediaCloud from "./media_cloud.ts"
/** Web Crypto adapters: tokens, UUIDs and PBKDF2 password hashing, for any runtime. */
export { idGeneratorLayer, tokenGeneratorLayer } from "./web_generators.ts"
/** PBKDF2 password hashing through Web Crypto (layer, layerTest, make). */
export * as WebPasswordHasher from "./web_password_hasher.ts"

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

/** Where {@link memoryAdapters} says avatars are: a base URL nothing serves. */
export const MEMORY_AVATAR_BASE_URL = "https://assets.memory.invalid/avatars/"

/**
 * Every in-memory adapter in one layer, with no node built-ins (only `effect` and Web APIs): {@link memoryDatabase},
 * the in-memory media cloud and its MemoryMediaControl, Web Crypto tokens and UUIDs, cheap PBKDF2 password hashing
 * (`WebPasswordHasher.layerTest`; use `WebPasswordHasher.layer` for real passwords), random profiles, and catalogue
 * assets that hold no local files. Settings (AuthSettings, UploadPolicy, VideoSettings …) are the embedder's to give.
 */
export const memoryAdapters = Layer.mergeAll(
  memoryDatabase,
  MemoryMedia.layer,
  WebGenerators.tokenGeneratorLayer,
  WebGenerators.idGeneratorLayer,
  WebPasswordHasher.layerTest,
  WordProfiles.layer(MEMORY_AVATAR_BASE_URL),
  Layer.succeed(CatalogueAssets, CatalogueAssets.of({ md5: () => Effect.succeedNone }))
)
