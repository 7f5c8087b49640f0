import { describe, expect, it } from "@effect/vitest"
import { readParams } from "../../adapters/http/lane/lane.ts"

describe("fast path parameters", () => {
  it("readParams() takes canonical digits of the names it reads and ignores every other parameter", () => {
    expect(readParams(["pasterId", "type"], "type=2&pasterId=17&PACKAGE_NAME=com.x&keyWords=%E4%B8%AD")).toEqual(["17", "2"])
    expect(readParams(["fontId"], "")).toEqual([undefined])
    expect(readParams([], "anything=%zz&x")).toEqual([])
  })

  it("readParams() leaves to the app what only its parser can decide", () => {
    for (const query of ["pasterId=01", "pasterId=1e3", "pasterId=", "pasterId", "pasterId=1&pasterId=2", "paster%49d=1", "pasterId=+1", "pasterId=12345678901"]) {
      expect(readParams(["pasterId"], query), query).toBeUndefined()
    }
  })
})
