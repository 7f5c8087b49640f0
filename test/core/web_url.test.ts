import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { isWebUrl, MAX_URL_LENGTH } from "../../core/domain/upload_rules.ts"

describe("isWebUrl()", () => {
  it.prop("accepts http(s) URLs of a host and a path up to the limit", {
    scheme: fc.constantFrom("http", "https", "HTTPS"),
    host: fc.domain(),
    path: fc.webPath()
  }, ({ host, path, scheme }) => {
    const url = `${scheme}://${host}${path}`
    expect(isWebUrl(url)).toBe(url.length <= MAX_URL_LENGTH)
  })

  it.prop("refuses every other scheme, relative references and anything with whitespace or control characters", {
    scheme: fc.constantFrom("javascript", "data", "file", "ftp", "vbscript", "blob", "about", "JaVaScRiPt"),
    rest: fc.string({ maxLength: 40 }),
    noise: fc.constantFrom(" ", "\n", "\t", "\u0000", "\u007f")
  }, ({ noise, rest, scheme }) => {
    expect(isWebUrl(`${scheme}:${rest}`)).toBe(false)
    expect(isWebUrl(`/${rest}`)).toBe(false)
    expect(isWebUrl(`https://cdn.test/a${noise}b`)).toBe(false)
  })
})
