import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either } from "effect"
import { DEFAULT_TRUSTED_PROXY_RANGES } from "../../adapters/http/middleware/forwarded_for.ts"
import { formatIpRange } from "../../adapters/http/middleware/ip_address.ts"
import { serverConfig } from "../../composition/config.ts"

// QU_TRUSTED_PROXIES and QU_CORS_ORIGINS as the server reads them (composition/config.ts).
describe("QU_TRUSTED_PROXIES and QU_CORS_ORIGINS", () => {
  const read = (env: Record<string, string>) =>
    Effect.either(Effect.withConfigProvider(serverConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

  it.effect("default to loopback and private ranges, and to no CORS origin", () =>
    Effect.gen(function*() {
      for (const env of [{}, { QU_TRUSTED_PROXIES: " " }]) {
        const config = Either.getOrThrow(yield* read(env))
        expect(config.trustedProxies).toEqual(DEFAULT_TRUSTED_PROXY_RANGES)
        expect(config.corsOrigins).toEqual([])
      }
    }))

  it.effect("take lists of addresses and ranges, and of exact origins", () =>
    Effect.gen(function*() {
      const config = Either.getOrThrow(yield* read({
        QU_TRUSTED_PROXIES: "10.1.0.0/16, 203.0.113.7 ,2001:db8::/32",
        QU_CORS_ORIGINS: "https://app.example.com, http://localhost:5173"
      }))
      expect(config.trustedProxies.map(formatIpRange)).toEqual(["10.1.0.0/16", "203.0.113.7/32", "2001:db8::/32"])
      expect(config.corsOrigins).toEqual(["https://app.example.com", "http://localhost:5173"])
    }))

  it.effect("a bad entry fails naming the variable and the entry", () =>
    Effect.gen(function*() {
      const proxies = yield* read({ QU_TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })
      expect(Either.isLeft(proxies) && String(proxies.left)).toMatch(/QU_TRUSTED_PROXIES.*proxy\.internal/)
      for (const origin of ["*", "null", "https://app.example.com/", "HTTPS://APP.EXAMPLE.COM", "app.example.com", "ftp://x.example"]) {
        const cors = yield* read({ QU_CORS_ORIGINS: `https://ok.example.com,${origin}` })
        expect(Either.isLeft(cors) && String(cors.left), origin).toContain("QU_CORS_ORIGINS")
      }
    }))
})
