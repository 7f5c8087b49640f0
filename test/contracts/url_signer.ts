import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, type Scope } from "effect"
import type { UrlSigner } from "../../core/ports/url_signer.ts"

/** A UrlSigner with the party that checks its URLs: a CDN edge, or this server's own /assets/ route. */
export interface UrlSignerSubject {
  readonly signer: UrlSigner["Type"]
  /** Whether the checker serves `url` at `atMillis`. */
  readonly accepts: (url: string, atMillis: number) => Effect.Effect<boolean>
  /** A URL the signer is meant to sign, of a file the checker has, without a query. */
  readonly url: string
  /** Another such URL (another file), to move a signature to. */
  readonly otherUrl: string
  /** The signing secret, which no URL may carry. */
  readonly secret: string
}

/** 2033-05-18T03:33:20Z: whole seconds, as getPlayPath asks for. */
const expiresAt = DateTime.unsafeMake(2_000_000_000_000)
const at = (offsetMillis: number) => expiresAt.epochMillis + offsetMillis

/**
 * What every UrlSigner must do, whoever checks its URLs (Alibaba Cloud CDN type A, the local emulator's route):
 * the URL stays the same resource with its query, works until `expiresAt` and not after, works for its own path
 * only, and carries no secret. `subject` is acquired per test (it may start a server in the test's scope).
 */
export const urlSignerContract = <E>(name: string, subject: Effect.Effect<UrlSignerSubject, E, Scope.Scope>) =>
  describe(name, () => {
    it.scopedLive("keeps the scheme, host, path and the original query, adding one auth_key", () =>
      Effect.gen(function*() {
        const { signer, url } = yield* subject
        const original = new URL(`${url}?x=1&title=%E5%A4%8F+a&x=2`)
        const signed = new URL(yield* signer.sign(original.href, expiresAt))
        expect(signed.protocol).toBe(original.protocol)
        expect(signed.host).toBe(original.host)
        expect(signed.pathname).toBe(original.pathname)
        expect(signed.searchParams.getAll("auth_key")).toHaveLength(1)
        const kept = [...signed.searchParams].filter(([key]) => key !== "auth_key")
        expect(kept).toEqual([...original.searchParams])
      }))

    it.scopedLive("is accepted until expiresAt, to the second, and refused after", () =>
      Effect.gen(function*() {
        const { accepts, signer, url } = yield* subject
        for (const signed of [yield* signer.sign(url, expiresAt), yield* signer.sign(`${url}?x=1`, expiresAt)]) {
          expect(yield* accepts(signed, at(-3_600_000))).toBe(true)
          expect(yield* accepts(signed, at(-1000))).toBe(true)
          expect(yield* accepts(signed, at(0))).toBe(true)
          expect(yield* accepts(signed, at(1000))).toBe(false)
          expect(yield* accepts(signed, at(86_400_000))).toBe(false)
        }
      }))

    it.scopedLive("is refused on another path, tampered with, or without its auth_key", () =>
      Effect.gen(function*() {
        const { accepts, otherUrl, signer, url } = yield* subject
        const now = at(-60_000)
        // The other file is served when signed for itself, so a refusal below is the signature's doing.
        expect(yield* accepts(yield* signer.sign(otherUrl, expiresAt), now)).toBe(true)
        const signed = new URL(yield* signer.sign(url, expiresAt))
        const moved = new URL(signed.href)
        moved.pathname = new URL(otherUrl).pathname
        expect(yield* accepts(moved.href, now)).toBe(false)
        const authKey = signed.searchParams.get("auth_key")!
        const tampered = new URL(signed.href)
        tampered.searchParams.set("auth_key", authKey.slice(0, -1) + (authKey.endsWith("0") ? "1" : "0"))
        expect(yield* accepts(tampered.href, now)).toBe(false)
        const later = new URL(signed.href)
        const [timestamp, ...rest] = authKey.split("-")
        later.searchParams.set("auth_key", [String(Number(timestamp) + 3600), ...rest].join("-"))
        expect(yield* accepts(later.href, at(60_000))).toBe(false)
        expect(yield* accepts(url, now)).toBe(false)
      }))

    it.scopedLive("signing the same URL twice gives two URLs that both work", () =>
      Effect.gen(function*() {
        const { accepts, signer, url } = yield* subject
        const first = yield* signer.sign(url, expiresAt)
        const second = yield* signer.sign(url, expiresAt)
        expect(yield* accepts(first, at(-1000))).toBe(true)
        expect(yield* accepts(second, at(-1000))).toBe(true)
      }))

    it.scopedLive("puts no secret in the URL", () =>
      Effect.gen(function*() {
        const { secret, signer, url } = yield* subject
        const signed = yield* signer.sign(`${url}?x=1`, expiresAt)
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")]) {
          expect(signed).not.toContain(form)
          expect(decodeURIComponent(signed)).not.toContain(form)
        }
      }))
  })
