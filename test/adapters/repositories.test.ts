import { SqlClient } from "@effect/sql"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Config, Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { randomUUID } from "node:crypto"
import { access, readFile, writeFile } from "node:fs/promises"
import { lockDataDir } from "../../adapters/pglite/data_dir_lock.ts"
import { join } from "node:path"
import * as PgClient from "../../adapters/postgres/client.ts"
import { memoryDatabase, pgliteDatabase, postgresDatabase } from "../../composition/databases.ts"
import type { AttemptRepository } from "../../core/ports/attempt_repository.ts"
import type { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import type { CatalogueReader } from "../../core/ports/catalogue_reader.ts"
import type { DataVersions } from "../../core/ports/data_versions.ts"
import type { JobRepository } from "../../core/ports/job_repository.ts"
import type { LocalMediaRecords } from "../../adapters/local_media/media_records.ts"
import type { SessionRepository } from "../../core/ports/session_repository.ts"
import type { Transactor } from "../../core/ports/transactor.ts"
import type { UploadRepository } from "../../core/ports/upload_repository.ts"
import { UserRepository } from "../../core/ports/user_repository.ts"
import type { VideoRepository } from "../../core/ports/video_repository.ts"
import type { VodEventRepository } from "../../core/ports/vod_event_repository.ts"
import { newUser, uniqueUsername } from "../contracts/_fixtures.ts"
import { attemptRepositoryContract } from "../contracts/attempt_repository.ts"
import { catalogueRepositoryContract } from "../contracts/catalogue_repository.ts"
import { concurrencyContract } from "../contracts/concurrency.ts"
import { jobRepositoryContract } from "../contracts/job_repository.ts"
import { localMediaRecordsContract } from "../contracts/local_media_records.ts"
import { sessionRepositoryContract } from "../contracts/session_repository.ts"
import { transactorContract } from "../contracts/transactor.ts"
import { uploadRepositoryContract } from "../contracts/upload_repository.ts"
import { userRepositoryContract } from "../contracts/user_repository.ts"
import { videoRepositoryContract } from "../contracts/video_repository.ts"
import { vodEventRepositoryContract } from "../contracts/vod_event_repository.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

type Database =
  | UserRepository
  | SessionRepository
  | AttemptRepository
  | Transactor
  | UploadRepository
  | VideoRepository
  | VodEventRepository
  | JobRepository
  | CatalogueReader
  | CatalogueAdmin
  | DataVersions
  | LocalMediaRecords

/** One instance of `layer` for every suite of this file (one PGlite, one test database), released after them all. */
const shared = <R, E>(layer: Layer.Layer<R, E>): Layer.Layer<R, E> => {
  const runtime = ManagedRuntime.make(layer)
  afterAll(() => runtime.dispose())
  return Layer.effectContext(Effect.map(runtime.runtimeEffect, (rt) => rt.context))
}

const everyContract = <E>(kind: string, database: Layer.Layer<Database, E>) => {
  const db = shared(database)
  userRepositoryContract(`UserRepository on ${kind}`, db)
  sessionRepositoryContract(`SessionRepository on ${kind}`, db)
  attemptRepositoryContract(`AttemptRepository on ${kind}`, db)
  transactorContract(`Transactor on ${kind}`, db)
  uploadRepositoryContract(`UploadRepository on ${kind}`, db)
  videoRepositoryContract(`VideoRepository on ${kind}`, db)
  vodEventRepositoryContract(`VodEventRepository on ${kind}`, db)
  jobRepositoryContract(`JobRepository on ${kind}`, db)
  catalogueRepositoryContract(`CatalogueReader and CatalogueAdmin on ${kind}`, db)
  localMediaRecordsContract(`LocalMediaRecords on ${kind}`, db)
  concurrencyContract(`Repositories under concurrent interruptions on ${kind}`, db)
}

/** A fresh database `qu_test_<random>` on the server of `adminUrl`, dropped (connections and all) on release. */
const isolatedPostgres = (adminUrl: Redacted.Redacted<string>) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const name = `qu_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`
    const admin = (statement: string) =>
      Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
        Effect.provide(PgClient.layer({ url: adminUrl, poolSize: 1 }))
      )
    yield* Effect.acquireRelease(
      admin(`create database ${name}`),
      () => Effect.orDie(admin(`drop database if exists ${name} with (force)`))
    )
    const url = new URL(Redacted.value(adminUrl))
    url.pathname = `/${name}`
    return postgresDatabase({ url: Redacted.make(url.toString()), poolSize: 4 })
  }))

everyContract("memory", memoryDatabase)

everyContract("PGlite (in memory, behind the socket)", pgliteDatabase())

const testDatabaseUrl = Effect.runSync(Config.option(Config.redacted("TEST_DATABASE_URL")))

// Declared even without the variable so the skipped suites show in the report; the dying layer is never built.
describe.skipIf(Option.isNone(testDatabaseUrl))("PostgreSQL at TEST_DATABASE_URL (skipped when unset)", () => {
  const database = Option.match(testDatabaseUrl, {
    onNone: () => Layer.die("TEST_DATABASE_URL is not set"),
    onSome: isolatedPostgres
  })
  everyContract("PostgreSQL", database)
})

describe("PGlite launcher", () => {
  it.scopedLive("keeps a user across two starts on the same data directory (created if missing)", () =>
    Effect.gen(function*() {
      const parent = yield* scopedTempDir("qu-pglite-")
      const database = () => pgliteDatabase({ dataDir: join(parent, "nested", "data"), poolSize: 2 })
      const username = uniqueUsername()
      const user = yield* Effect.flatMap(UserRepository, (users) => users.insert(newUser(username))).pipe(
        Effect.provide(database())
      )
      const found = yield* Effect.flatMap(UserRepository, (users) => users.findCredentials(username)).pipe(
        Effect.provide(database())
      )
      expect(Option.map(found, (c) => c.user)).toEqual(Option.some(user))
    }))
})

describe("PGlite data directory lock", () => {
  it.scopedLive("refuses a directory another live process holds, takes over a stale lock, and releases it", () =>
    Effect.gen(function*() {
      const parent = yield* scopedTempDir("qu-pglite-lock-")
      const dataDir = join(parent, "data")
      // The parent process is alive and is not us: as if another server held the directory.
      yield* Effect.promise(() => writeFile(`${dataDir}.lock`, String(process.ppid)))
      const refused = yield* Effect.flip(Effect.scoped(lockDataDir(dataDir)))
      expect(refused.message).toContain(`process ${process.ppid}`)
      // A pid that cannot be running: a stale lock, taken over.
      yield* Effect.promise(() => writeFile(`${dataDir}.lock`, "4194303999"))
      yield* Effect.scoped(Effect.gen(function*() {
        yield* lockDataDir(dataDir)
        expect(yield* Effect.promise(() => readFile(`${dataDir}.lock`, "utf8"))).toBe(String(process.pid))
      }))
      expect(yield* Effect.promise(() => access(`${dataDir}.lock`).then(() => true, () => false))).toBe(false)
    }))
})
