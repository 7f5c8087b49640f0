import { HttpApi, HttpApiBuilder, HttpClient } from "@effect/platform"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Redacted, Ref, TestClock } from "effect"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { findAssetFile } from "../../adapters/catalogue_file/local_assets.ts"
import * as CdnSigner from "../../adapters/cdn/url_signer.ts"
import { AssetAccess } from "../../adapters/http/handlers/asset_access.ts"
import { AssetFiles } from "../../adapters/http/handlers/asset_files.ts"
import * as StaticAssets from "../../adapters/http/handlers/static_assets.ts"
import * as LocalSigner from "../../adapters/local_media/url_signer.ts"
import { UrlSigner } from "../../core/ports/url_signer.ts"
import { urlSignerContract } from "../contracts/url_signer.ts"
import { makeCdnEdge } from "../fakes/cdn_edge.ts"

const cdnKey = "aliyuncdnexp1234"

urlSignerContract(
  "UrlSigner: Alibaba Cloud CDN type A (the fake edge)",
  Effect.gen(function*() {
    const edge = makeCdnEdge({ privateKey: cdnKey, validitySeconds: 1800 })
    const signer = yield* Effect.provide(UrlSigner, CdnSigner.layer({ privateKey: Redacted.make(cdnKey), edgeValiditySeconds: 1800 }))
    return {
      signer,
      accepts: (url: string, atMillis: number) => Effect.sync(() => edge.check(url, atMillis).status === 200),
      url: "https://cdn.example.com/music/%E5%A4%8F%20night.mp3",
      otherUrl: "https://cdn.example.com/music/b.mp3",
      secret: cdnKey
    }
  })
)

// The files the local route serves: two tracks (signed prefix music/) and a picture (not signed).
const assetsDir = mkdtempSync(join(tmpdir(), "qu-signed-assets-"))
mkdirSync(join(assetsDir, "music"))
mkdirSync(join(assetsDir, "placeholders"))
writeFileSync(join(assetsDir, "music", "夏 night.mp3"), "track a")
writeFileSync(join(assetsDir, "music", "b.mp3"), "track b")
writeFileSync(join(assetsDir, "placeholders", "music.png"), "png")

const localKey = Redacted.make("local-signing-key-0123456789abcdef")
const signing: LocalSigner.LocalSigningOptions = {
  privateKey: localKey,
  assetBaseUrl: "http://localhost:8080/assets/",
  signedPrefixes: LocalSigner.DEFAULT_SIGNED_PREFIXES
}

/**
 * The real /assets/ route on a loopback server, its access checked by the local signer at an instant the test sets;
 * answers the status of `path` (path and query of a public URL).
 */
const localRoute = Effect.gen(function*() {
  const now = yield* Ref.make(0)
  const access = Layer.succeed(AssetAccess, AssetAccess.of({
    allows: (request) => Effect.map(Ref.get(now), (millis) => LocalSigner.allows(signing, request, millis))
  }))
  const files = Layer.succeed(AssetFiles, AssetFiles.of({ find: (path) => findAssetFile([assetsDir], path) }))
  const server = HttpApiBuilder.serve().pipe(
    Layer.provide(StaticAssets.routesLayer),
    Layer.provide([access, files]),
    Layer.provide(HttpApiBuilder.api(HttpApi.make("assets"))),
    Layer.provideMerge(NodeHttpServer.layerTest)
  )
  const context = yield* Layer.build(server)
  const client = yield* Effect.provide(HttpClient.HttpClient, context)
  const status = (url: string, atMillis: number) =>
    Effect.gen(function*() {
      yield* Ref.set(now, atMillis)
      const { pathname, search } = new URL(url)
      const response = yield* client.get(`${pathname}${search}`)
      return response.status
    }).pipe(Effect.orDie)
  return { status }
})

urlSignerContract(
  "UrlSigner: the local emulator (through the /assets/ route)",
  Effect.gen(function*() {
    const { status } = yield* localRoute
    const signer = yield* Effect.provide(UrlSigner, LocalSigner.layer(signing))
    return {
      signer,
      accepts: (url: string, atMillis: number) =>
        Effect.flatMap(status(url, atMillis), (code) =>
          code === 200 || code === 403 ? Effect.succeed(code === 200) : Effect.dieMessage(`unexpected ${code} for ${url}`)),
      url: "http://localhost:8080/assets/music/%E5%A4%8F%20night.mp3",
      otherUrl: "http://localhost:8080/assets/music/b.mp3",
      secret: Redacted.value(localKey)
    }
  })
)

describe("the local signer beyond the contract", () => {
  const expiresAt = DateTime.unsafeMake(2_000_000_000_000)

  it.scopedLive("the route serves unsigned assets outside the signed prefixes, and refuses unsigned tracks", () =>
    Effect.gen(function*() {
      const { status } = yield* localRoute
      expect(yield* status("http://localhost:8080/assets/placeholders/music.png", 0)).toBe(200)
      expect(yield* status("http://localhost:8080/assets/music/b.mp3", 0)).toBe(403)
      expect(yield* status("http://localhost:8080/assets/music/b.mp3?auth_key=1-0-0-x", 0)).toBe(403)
      expect(yield* status("http://localhost:8080/assets/nothing.png", 0)).toBe(404)
    }))

  it.effect("URLs outside the asset base are handed back unchanged", () =>
    Effect.gen(function*() {
      const signer = yield* UrlSigner
      expect(yield* signer.sign("https://cdn.example.com/music/a.mp3", expiresAt)).toBe("https://cdn.example.com/music/a.mp3")
    }).pipe(Effect.provide(LocalSigner.layer(signing))))

  it.effect("an asset base with a path (behind a proxy) signs the public path and checks the route's path below it", () =>
    Effect.gen(function*() {
      const proxied = { ...signing, assetBaseUrl: "https://media.example.com/qu/assets/" }
      const signed = new URL(yield* Effect.provide(
        Effect.flatMap(UrlSigner, (signer) => signer.sign("https://media.example.com/qu/assets/music/b.mp3", expiresAt)),
        LocalSigner.layer(proxied)
      ))
      const request = { path: "music/b.mp3", query: signed.search.slice(1) }
      expect(LocalSigner.allows(proxied, request, expiresAt.epochMillis)).toBe(true)
      expect(LocalSigner.allows(signing, request, expiresAt.epochMillis)).toBe(false)
    }))

  it.effect("checker() judges at the time of Effect's Clock", () =>
    Effect.gen(function*() {
      const signed = new URL(yield* Effect.provide(
        Effect.flatMap(UrlSigner, (signer) => signer.sign("http://localhost:8080/assets/music/b.mp3", DateTime.unsafeMake(60_000))),
        LocalSigner.layer(signing)
      ))
      const check = LocalSigner.checker(signing)
      const request = { path: "music/b.mp3", query: signed.search.slice(1) }
      expect(yield* check(request)).toBe(true) // TestClock starts at 0
      yield* TestClock.adjust("61 seconds")
      expect(yield* check(request)).toBe(false)
    }))

  it.effect("randomKey gives a fresh key each time", () =>
    Effect.gen(function*() {
      const a = Redacted.value(yield* LocalSigner.randomKey)
      const b = Redacted.value(yield* LocalSigner.randomKey)
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(a).not.toBe(b)
    }))
})
