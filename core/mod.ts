/** Domain errors, one tagged class per failure kind; no transport knowledge. */
export * from "./domain/errors.ts"
/** Users: ids, usernames, passwords, nicknames and the User record. */
export * from "./domain/user.ts"
/** Sessions: stored token hashes with expiry and revocation. */
export * from "./domain/session.ts"
/** Rate-limited attempts: scopes, keys and sliding-window limits. */
export * from "./domain/attempt.ts"
/** Time formats shared by the wire and the media cloud. */
export * from "./domain/time.ts"
/** Port: user storage. */
export * from "./ports/user_repository.ts"
/** Port: session storage. */
export * from "./ports/session_repository.ts"
/** Port: attempt counts shared by every server (failed logins, registrations, anonymous users). */
export * from "./ports/attempt_repository.ts"
/** Port: slow salted password hashing. */
export * from "./ports/password_hasher.ts"
/** Port: random bearer tokens and their storage hash. */
export * from "./ports/token_generator.ts"
/** Port: UUIDs and other non-sequence ids. */
export * from "./ports/id_generator.ts"
/** Port: random nicknames and avatars. */
export * from "./ports/profile_generator.ts"
/** Port: one unit of work across repositories. */
export * from "./ports/transactor.ts"
/** Port: readiness of the server's own dependencies. */
export * from "./ports/readiness.ts"
/** Port: session policy from configuration. */
export * from "./ports/auth_settings.ts"
/** Use case: register with username and password. */
export * from "./use_cases/users/register_user.ts"
/** Use case: log in with username and password. */
export * from "./use_cases/users/login_user.ts"
/** Use case: a new anonymous user with a token. */
export * from "./use_cases/users/random_user.ts"
/** Use case: rename oneself. */
export * from "./use_cases/users/update_nickname.ts"
/** Use case: token to user. */
export * from "./use_cases/users/authenticate.ts"
/** Cache: tokens to users, kept per token hash while the users version holds. */
export * from "./caches/session_cache.ts"
/** Cache helper: a bounded map whose entries are kept only while a data version has not moved (docs/caches.md). */
export * from "./caches/versioned_map.ts"
/** Use case: end one session. */
export * from "./use_cases/users/revoke_token.ts"
/** Shared step: issue a token for a user. */
export * from "./use_cases/users/issue_session.ts"
/** Shared step: take and give back slots of a per-caller limit. */
export * from "./use_cases/users/throttle.ts"
/** Use case: delete sessions expired a while ago. */
export * from "./use_cases/maintenance/purge_expired_sessions.ts"
/** Use case: delete attempts no limit counts any more. */
export * from "./use_cases/maintenance/prune_auth_attempts.ts"
/** Catalogue fields: ids, names, asset references, md5s, instants, with the messages file authors see. */
export * from "./domain/catalogue_fields.ts"
/** Catalogue: music tracks, sticker and caption categories, MVs and fonts. */
export * from "./domain/catalogue.ts"
/** Catalogue rules: cross-entry problems with JSON paths, canonical order, upsert merge. */
export * from "./domain/catalogue_rules.ts"
/** Catalogue selectors: music pages, stickers by category and kind, captions, fonts, asset URLs. */
export * from "./domain/catalogue_query.ts"
/** Port: reading the stored catalogue and its revision. */
export * from "./ports/catalogue_reader.ts"
/** Port: replacing the stored catalogue atomically. */
export * from "./ports/catalogue_admin.ts"
/** Port: md5 of the asset files this server holds. */
export * from "./ports/catalogue_assets.ts"
/** Port: catalogue policy (asset base URL, play URL lifetime). */
export * from "./ports/catalogue_settings.ts"
/** Port: expiring signed media URLs. */
export * from "./ports/url_signer.ts"
/** Use cases: the catalogue's read endpoints. */
export * from "./use_cases/catalogue/catalogue_queries.ts"
/** Use case: a signed, expiring play URL of a track. */
export * from "./use_cases/catalogue/get_play_path.ts"
/** Use cases: import (replace or upsert) and first-start seeding of the catalogue. */
export * from "./use_cases/catalogue/import_catalogue.ts"
/** Cache: the in-memory catalogue with revision checks, and its synchronous peek (CatalogueCache). */
export * from "./caches/catalogue_cache.ts"
/** Cache helper: one value reused while fresh, single flight, invalidated on writes (docs/caches.md). */
export * from "./caches/reused_value.ts"

/** Live rooms (the demo list). */
export * from "./domain/live.ts"
/** Media: video ids, upload and play credentials, upload records and pending usage. */
export * from "./domain/media.ts"
/** Upload input rules: titles, file names, sizes, tags, descriptions, web URLs. */
export * from "./domain/upload_rules.ts"
/** Videos: metadata, versioned media state, views. */
export * from "./domain/video.ts"
/** Video input rules and who the recommend list shows. */
export * from "./domain/video_rules.ts"
/** How VOD events change a video's media state. */
export * from "./domain/video_state.ts"
/** VOD event callbacks, parsed. */
export * from "./domain/vod_event.ts"
/** Port: temporary cloud credentials (STS). */
export * from "./ports/credential_issuer.ts"
/** Port: versions of the data, advanced by every write. */
export * from "./ports/data_versions.ts"
/** Port: the durable job queue. */
export * from "./ports/job_repository.ts"
/** Port: the video-on-demand cloud. */
export * from "./ports/media_cloud.ts"
/** Port: upload limits, quotas and expiry. */
export * from "./ports/upload_policy.ts"
/** Port: who each videoId was issued to. */
export * from "./ports/upload_repository.ts"
/** Port: published videos and their lists. */
export * from "./ports/video_repository.ts"
/** Port: moderation mode. */
export * from "./ports/video_settings.ts"
/** Port: stored VOD events. */
export * from "./ports/vod_event_repository.ts"
/** Cache: upload credentials reused until shortly before their expiry. */
export * from "./caches/credential_cache.ts"
/** Use case: delete video. */
export * from "./use_cases/videos/delete_video.ts"
/** Use case: expire uploads. */
export * from "./use_cases/maintenance/expire_uploads.ts"
/** Use case: get image upload auth. */
export * from "./use_cases/credentials/get_image_upload_auth.ts"
/** Use case: get sts. */
export * from "./use_cases/credentials/get_sts.ts"
/** Use case: get video play auth. */
export * from "./use_cases/credentials/get_video_play_auth.ts"
/** Use case: get video play info. */
export * from "./use_cases/credentials/get_video_play_info.ts"
/** Use case: get video upload auth. */
export * from "./use_cases/credentials/get_video_upload_auth.ts"
/** Use case: list live rooms. */
export * from "./use_cases/videos/list_live_rooms.ts"
/** Use case: list videos. */
export * from "./use_cases/videos/list_videos.ts"
/** Use case: maintenance. */
export * from "./use_cases/maintenance/maintenance.ts"
/** Use case: play access. */
export * from "./use_cases/videos/play_access.ts"
/** Use case: publish video. */
export * from "./use_cases/videos/publish_video.ts"
/** Use case: published metadata. */
export * from "./use_cases/videos/published_metadata.ts"
/** Use case: receive vod event. */
export * from "./use_cases/videos/receive_vod_event.ts"
/** Use case: refresh video upload auth. */
export * from "./use_cases/credentials/refresh_video_upload_auth.ts"
/** Use case: run jobs. */
export * from "./use_cases/videos/run_jobs.ts"
/** Use case: upload quota. */
export * from "./use_cases/credentials/upload_quota.ts"
/** Shared conflicts: a taken username, an already published video. */
export * from "./domain/conflicts.ts"
/** Moderation decisions of an administrator, by the rules of the audit callbacks. */
export * from "./domain/moderation.ts"
/** Metrics core counts (STS cache lookups, rate-limit refusals). */
export * from "./domain/metrics.ts"
/** Admin use case: list and search videos by state, owner and title. */
export * from "./use_cases/admin/list_videos.ts"
/** Admin use case: approve, block or re-audit a video. */
export * from "./use_cases/admin/moderate_video.ts"
/** Admin use case: pin a video at the head of the recommend list. */
export * from "./use_cases/admin/pin_video.ts"
/** Admin use case: unpin a video. */
export * from "./use_cases/admin/unpin_video.ts"
/** Admin use case: order the pinned videos. */
export * from "./use_cases/admin/reorder_pins.ts"
/** Admin use case: the last VOD events of a video, with bodies and outcomes. */
export * from "./use_cases/admin/list_video_events.ts"
/** Admin use case: list and search users. */
export * from "./use_cases/admin/list_users.ts"
/** Admin use case: disable a user (sessions revoked, login refused). */
export * from "./use_cases/admin/disable_user.ts"
/** Admin use case: enable a disabled user. */
export * from "./use_cases/admin/enable_user.ts"
/** Shared step: the page-size check of the admin lists. */
export * from "./use_cases/admin/page_limit.ts"
