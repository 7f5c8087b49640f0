import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Redacted } from "effect"
import { layer, layerUnsigned, signTypeA, typeAHash } from "../../adapters/cdn/url_signer.ts"
import { UrlSigner } from "../../core/ports/url_signer.ts"

const privateKey = Redacted.make("aliyuncdnexp1234")

describe("Alibaba Cloud CDN type A signing", () => {
  it("reproduces the published vector (docs/reference/aliyun.md §8)", () => {
    expect(typeAHash({ path: "/video/standard/1K.html", timestamp: 1444435200, rand: "0", uid: "0", privateKey }))
      .toBe("80cd3862d699b7118eed99103f2a3a4f")
  })

  it("signTypeA() appends auth_key=<timestamp>-<rand>-<uid>-<hash>, signing the path only", () => {
    const parts = { timestamp: 1444435200, rand: "0", uid: "0", privateKey }
    expect(signTypeA("http://cdn.example.com/video/standard/1K.html", parts))
      .toBe("http://cdn.example.com/video/standard/1K.html?auth_key=1444435200-0-0-80cd3862d699b7118eed99103f2a3a4f")
    expect(signTypeA("http://cdn.example.com/video/standard/1K.html?x=1", parts))
      .toBe("http://cdn.example.com/video/standard/1K.html?x=1&auth_key=1444435200-0-0-80cd3862d699b7118eed99103f2a3a4f")
  })

  it.effect("the layer dates the URL so the edge (adding its validity) stops it at the wanted expiry", () =>
    Effect.gen(function*() {
      const expiresAt = DateTime.unsafeMake(1444437000 * 1000)
      const signed = new URL(yield* (yield* UrlSigner).sign("https://cdn.example.com/music/%E5%A4%8F.mp3", expiresAt))
      const [timestamp, rand, uid, hash] = signed.searchParams.get("auth_key")!.split("-")
      expect(timestamp).toBe("1444435200")
      expect(rand).toMatch(/^[0-9a-f]{32}$/)
      expect(uid).toBe("0")
      expect(hash).toBe(typeAHash({ path: "/music/%E5%A4%8F.mp3", timestamp: 1444435200, rand: rand!, uid: "0", privateKey }))
    }).pipe(Effect.provide(layer({ privateKey, edgeValiditySeconds: 1800 }))))

  it.effect("the unsigned layer hands the URL back unchanged", () =>
    Effect.gen(function*() {
      expect(yield* (yield* UrlSigner).sign("https://x.test/a.mp3", DateTime.unsafeMake(0))).toBe("https://x.test/a.mp3")
    }).pipe(Effect.provide(layerUnsigned)))
})
