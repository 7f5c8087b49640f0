import { HttpServerResponse } from "@effect/platform"
import { type DateTime, Effect, FiberRef } from "effect"
import type { Page } from "../../../core/ports/video_repository.ts"
import type { VideoView } from "../../../core/domain/video.ts"
import {
  displayCover, displayDuration, fileUrl, narrowTranscodeStatus, transcodeStatus
} from "../../../core/domain/video_state.ts"
import { CurrentRequestId } from "./envelope.ts"
import { envelopeBody, successTail } from "./envelope_bytes.ts"
import { formatWireTime } from "./wire_time.ts"

// JSON.stringify writes 12 for 12.0; the apps need the decimal point (Android reads an int, Flutter a double).
// Durations travel as a marker string and are rewritten after stringify. A marker cannot come from user text:
// inside a JSON string value, the quotes around `"duration":"…"` would be escaped.
const FLOAT_MARKER = /"duration":"\\u0000F(-?\d+)"/g
const float = (n: number) => `\u0000F${Math.round(n)}`

/** The contract's Video object for one video, in the server's time zone. */
export const videoJson = ({ author, video }: VideoView, zone: DateTime.TimeZone) => {
  const { media, metadata } = video
  const snapshot = media.snapshot.value
  const duration = displayDuration(video)
  return {
    id: String(video.id),
    videoId: video.videoId,
    title: metadata.title,
    description: metadata.description,
    duration: float(duration),
    coverUrl: displayCover(video),
    creationTime: formatWireTime(video.createdAt, zone),
    status: "",
    firstFrameUrl: snapshot.firstFrameUrl,
    size: metadata.size > 0 ? metadata.size : Math.round(media.analysis.value.size),
    cateId: metadata.cateId,
    cateName: metadata.cateName,
    tags: metadata.tags,
    shareUrl: "",
    user: { userId: author.userId, userName: author.nickname, avatarUrl: author.avatarUrl },
    transcodeStatus: transcodeStatus(media),
    snapshotStatus: snapshot.status,
    censorStatus: media.censor.value,
    narrowTranscodeStatus: narrowTranscodeStatus(media),
    fileUrl: fileUrl(media)
  }
}

/** A list page as `{total, videoList}`. */
export const pageJson = (page: Page, zone: DateTime.TimeZone) => ({
  total: page.total,
  videoList: page.items.map((v) => videoJson(v, zone))
})

/** `data` as JSON text with durations written as floats (`12.0`). */
export const floatJson = (data: unknown): string => JSON.stringify(data).replace(FLOAT_MARKER, "\"duration\":$1.0")

const text = JSON.stringify
// As JSON.stringify writes a number (null for NaN and the infinities).
const num = (n: number) => Number.isFinite(n) ? String(n) : "null"

/**
 * {@link pageJson} written as JSON by hand, without the intermediate objects and the marker rewrite: the same text
 * as `floatJson(pageJson(page, zone))` for any page with finite durations (a property test holds them equal).
 */
export const pageText = (page: Page, zone: DateTime.TimeZone): string => {
  let out = `{"total":${num(page.total)},"videoList":[`
  for (let i = 0; i < page.items.length; i++) {
    const { author, video } = page.items[i]!
    const { media, metadata } = video
    const snapshot = media.snapshot.value
    const duration = displayDuration(video)
    const size = metadata.size > 0 ? metadata.size : Math.round(media.analysis.value.size)
    out += `${i === 0 ? "" : ","}{"id":${text(String(video.id))},"videoId":${text(video.videoId)},"title":${
      text(metadata.title)},"description":${text(metadata.description)},"duration":${Math.round(duration)}.0,"coverUrl":${
      text(displayCover(video))},"creationTime":${text(formatWireTime(video.createdAt, zone))},"status":"",${
      ""}"firstFrameUrl":${text(snapshot.firstFrameUrl)},"size":${num(size)},"cateId":${num(metadata.cateId)},"cateName":${
      text(metadata.cateName)},"tags":${text(metadata.tags)},"shareUrl":"","user":{"userId":${text(author.userId)},${
      ""}"userName":${text(author.nickname)},"avatarUrl":${text(author.avatarUrl)}},"transcodeStatus":${
      text(transcodeStatus(media))},"snapshotStatus":${text(snapshot.status)},"censorStatus":${
      text(media.censor.value)},"narrowTranscodeStatus":${text(narrowTranscodeStatus(media))},"fileUrl":${
      text(fileUrl(media))}}`
  }
  return `${out}]}`
}

/** The envelope tail of a list page: the bytes the handlers and the read lane both answer. */
export const pageTail = (page: Page, zone: DateTime.TimeZone): Buffer => successTail(pageText(page, zone))

/** The success envelope of the current request around a prepared tail. */
export const okTail = (tail: Uint8Array) =>
  Effect.map(FiberRef.get(CurrentRequestId), (requestId) =>
    HttpServerResponse.uint8Array(envelopeBody(requestId, tail), { contentType: "application/json; charset=utf-8" }))

/** The success envelope of `data`, with durations written as floats. */
export const okWithFloats = <A>(data: A, message = "") => okTail(successTail(floatJson(data), message))
