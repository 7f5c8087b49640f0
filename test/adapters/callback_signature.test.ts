import { Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { callbackSignature, verifyCallback } from "../../adapters/http/middleware/callback_signature.ts"

const url = "https://www.example.com/your/callback"
const key = Redacted.make("test123")

describe("VOD callback signature", () => {
  it("reproduces the published vector", () => {
    expect(callbackSignature(url, "1519375990", key)).toBe("c72b60894140fa98920f1279219b7ed4")
  })

  it("accepts the current or previous key within 5 minutes, and refuses the rest", () => {
    const base = { url, timestamp: "1519375990", nowSeconds: 1519375990 + 299, skewSeconds: 300 }
    const signature = "c72b60894140fa98920f1279219b7ed4"
    expect(verifyCallback({ ...base, keys: [key], signature })).toBe("ok")
    expect(verifyCallback({ ...base, keys: [Redacted.make("new-key"), key], signature })).toBe("ok")
    expect(verifyCallback({ ...base, keys: [key], signature: signature.toUpperCase() })).toBe("ok")
    expect(verifyCallback({ ...base, keys: [Redacted.make("other")], signature })).toBe("mismatch")
    expect(verifyCallback({ ...base, keys: [key], signature: signature.slice(1) })).toBe("mismatch")
    expect(verifyCallback({ ...base, keys: [key], signature, nowSeconds: 1519375990 + 301 })).toBe("stale")
    expect(verifyCallback({ ...base, keys: [key], signature, nowSeconds: 1519375990 - 301 })).toBe("stale")
    expect(verifyCallback({ ...base, keys: [key], signature: undefined })).toBe("missing")
    expect(verifyCallback({ ...base, keys: [key], signature, timestamp: "soon" })).toBe("missing")
    expect(verifyCallback({ ...base, url: `${url}?x`, keys: [key], signature })).toBe("mismatch")
  })
})
