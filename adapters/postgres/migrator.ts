import { Migrator } from "@effect/sql"
import { Layer } from "effect"
import users_and_sessions from "./migrations/0001_users_and_sessions.ts"
import uploads from "./migrations/0002_uploads.ts"
import catalogue from "./migrations/0003_catalogue.ts"
import videos from "./migrations/0004_videos.ts"
import listCounts from "./migrations/0005_list_counts_and_changes.ts"
import localMedia from "./migrations/0006_local_media.ts"
import authAttempts from "./migrations/0007_auth_attempts.ts"
import uploadQuotas from "./migrations/0008_upload_quotas.ts"
import admin from "./migrations/0009_admin.ts"

/** Every migration, statically imported so the compiled build needs no file-system loader. Keys are `<id>_<name>`. */
const migrations = Migrator.fromRecord({
  "0001_users_and_sessions": users_and_sessions,
  "0002_uploads": uploads,
  "0003_catalogue": catalogue,
  "0004_videos": videos,
  "0005_list_counts_and_changes": listCounts,
  "0006_local_media": localMedia,
  "0007_auth_attempts": authAttempts,
  "0008_upload_quotas": uploadQuotas,
  "0009_admin": admin
})

// PgMigrator.run is this same migrator plus a pg_dump schema dumper, which we never ask for (no schemaDirectory) but
// whose FileSystem, Path and CommandExecutor requirements it would impose on every database layer.
const run = Migrator.make({})

/** Brings the schema up to date, applying the migrations newer than the last recorded one, in id order. */
export const runMigrations = run({ loader: migrations })

/** Runs {@link runMigrations} while the layer is built. */
export const layer = Layer.effectDiscard(runMigrations)
