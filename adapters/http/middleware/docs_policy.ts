import { HttpServerResponse } from "@effect/platform"
import { createHash } from "node:crypto"

/** Where the interactive API documentation (Swagger UI) is served. */
export const DOCS_PATH = "/docs"

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("base64")

/**
 * The Content-Security-Policy of a Swagger UI page as @effect/platform's HttpApiSwagger writes it: everything inline
 * (its bundle, CSS and the spec), nothing from another origin, so it works offline. Scripts: only the page's own
 * inline ones, by hash (browsers hash the text with line breaks normalized to LF). Styles: inline (the bundle's
 * `<style>` and the ones React sets). Images: this origin and data:/blob: URLs (icons, image answers of "Try it out");
 * requests ("Try it out"): this origin only. No plugins, no base URL, no framing.
 */
export const docsPolicy = (html: string): string => {
  const hashes = [...html.matchAll(INLINE_SCRIPT)]
    .filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes!))
    .map(([, , text]) => `'sha256-${sha256(text!.replace(/\r\n?/g, "\n"))}'`)
  return [
    "default-src 'none'",
    `script-src ${hashes.length > 0 ? [...new Set(hashes)].join(" ") : "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join("; ")
}

// The platform builds the page once and answers it as the same bytes every time: its policy is worked out once.
const policies = new WeakMap<Uint8Array, string>()

/** The docs answer with its Content-Security-Policy, when it is an HTML page (as written, not yet compressed). */
export const withDocsPolicy = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse => {
  const body = response.body
  if (body._tag !== "Uint8Array" || !body.contentType.startsWith("text/html")) return response
  let policy = policies.get(body.body)
  if (policy === undefined) {
    policy = docsPolicy(new TextDecoder().decode(body.body))
    policies.set(body.body, policy)
  }
  return HttpServerResponse.setHeader(response, "content-security-policy", policy)
}
