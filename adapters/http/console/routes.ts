import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Effect, Layer } from "effect"
import { readFileSync } from "node:fs"

/** Where the admin console is served. */
export const CONSOLE_PATH = "/console"

/**
 * The console's policy: its own script and style only, API calls to this server only, pictures and videos from
 * anywhere (covers and files live on the media cloud's domains), never framed.
 */
export const CONSOLE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src * data: blob:",
  "media-src * blob:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join("; ")

const FILES = [
  { path: CONSOLE_PATH, file: "index.html", type: "text/html; charset=utf-8" },
  { path: `${CONSOLE_PATH}/console.js`, file: "console.js", type: "text/javascript; charset=utf-8" },
  { path: `${CONSOLE_PATH}/console.css`, file: "console.css", type: "text/css; charset=utf-8" }
] as const

/**
 * The admin console's three files (read once, at start), under {@link CONSOLE_PATH}. The page holds no data and
 * no secret: everything it shows comes from the admin API with the token the administrator types in.
 */
export const layer: Layer.Layer<never> = HttpApiBuilder.Router.use((router) =>
  Effect.forEach(FILES, ({ file, path, type }) => {
    const body = readFileSync(new URL(`./assets/${file}`, import.meta.url))
    const answer = HttpServerResponse.uint8Array(body, {
      contentType: type,
      headers: { "content-security-policy": CONSOLE_POLICY, "cache-control": "no-cache", "referrer-policy": "no-referrer" }
    })
    return router.get(path, Effect.succeed(answer))
  }, { discard: true })
)
