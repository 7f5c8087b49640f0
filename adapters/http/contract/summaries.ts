/**
 * One line per operation for the OpenAPI document, by operationId (`group.endpoint`). The OpenAPI test holds every
 * operation to having one (an endpoint added without a summary fails it).
 */
export const SUMMARIES: Readonly<Record<string, string>> = {
  "user.registerGet": "Register a user with a username and password (query form)",
  "user.register": "Register a user with a username and password",
  "user.loginGet": "Log in and get a token (query form)",
  "user.login": "Log in and get a token",
  "user.randomUser": "Create an anonymous user with a random nickname and avatar, and its token",
  "user.updateUser": "Change the caller's nickname",
  "user.logout": "End the session of the token sent (the user's other tokens stay valid)",
  "vod.getSts": "Temporary STS credentials for the media cloud",
  "vod.getVideoUploadAuth": "Upload address and credentials for a new video",
  "vod.refreshVideoUploadAuth": "Fresh upload credentials for one of the caller's videos",
  "vod.getImageUploadAuth": "Upload address and credentials for an image",
  "demo.getSts": "STS credentials without a token (demo apps)",
  "demo.getVideoUploadAuth": "Video upload credentials without a token (demo apps)",
  "demo.refreshVideoUploadAuth": "Refreshed video upload credentials without a token (demo apps)",
  "demo.getImageUploadAuth": "Image upload credentials without a token (demo apps)",
  "demo.getVideoPlayAuth": "A play credential and the video's metadata (demo apps)",
  "videos.videoPublish": "Publish an uploaded video with its title, cover and other metadata",
  "videos.getRecommendVideoList": "The public feed, newest first (pageIndex, or a cursor id)",
  "videos.getPersonalVideoList": "The caller's videos in every state, newest first",
  "videos.deleteVideoById": "Delete one of the caller's videos",
  "vodVideo.getVideoById": "Playback URLs and metadata of a video (mini-program)",
  "system.health": "Liveness: answers while the process runs",
  "system.ready": "Readiness: 200 while the database answers, 503 otherwise",
  "music.getRecommendMusic": "A page of the music catalogue",
  "music.getPlayPath": "A signed, expiring play URL of a track",
  "resource.getPasterInfo": "Sticker categories",
  "resource.getPasterList": "The stickers of a category (front or back)",
  "resource.getFrontPasterList": "The front stickers of every category",
  "resource.getTextPaster": "Caption categories",
  "resource.getTextPasterList": "The captions of a category",
  "resource.getMv": "MV templates with their aspect variants",
  "resource.getFont": "Fonts, or one font by id",
  "admin.session": "Check the admin token (the console's log in)",
  "admin.listVideos": "Videos by moderation state, owner or title, newest first",
  "admin.approve": "Pass a video's moderation (as an audit callback would)",
  "admin.block": "Fail a video's moderation (as an audit callback would)",
  "admin.reaudit": "Send a video to the audit again",
  "admin.videoEvents": "The last VOD events of a video, with their bodies and outcomes",
  "admin.recommend": "The pinned videos and the newest of the recommend list",
  "admin.pin": "Pin a video at the head of the recommend list",
  "admin.unpin": "Unpin a video",
  "admin.orderPins": "Order the pinned videos",
  "admin.listUsers": "Users, newest first, by name",
  "admin.disableUser": "Disable a user: every token stops working, login is refused",
  "admin.enableUser": "Enable a disabled user",
  "admin.exportCatalogue": "The catalogue as a catalogue file",
  "admin.importCatalogue": "Replace or merge the catalogue from a catalogue file"
}

/** Group descriptions the groups themselves do not carry. */
export const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  vod: "Cloud credentials for the logged-in user (token)",
  vodVideo: "Playback information",
  system: "Health and readiness probes (plain JSON, not the envelope)",
  admin: "Operators only (Authorization: Bearer <QU_ADMIN_TOKEN>); off while QU_ADMIN_TOKEN is unset"
}
