import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, TestClock } from "effect"
import { readParams } from "../../adapters/http/lane/lane.ts"
import { type FastRoute, FastPathTable } from "../../adapters/http/lane/table.ts"
import { PreparedTail } from "../../adapters/http/wire/envelope_bytes.ts"
import { memoryDatabase } from "../../composition/databases.ts"
import { cachedCatalogue } from "../../core/caches/catalogue_cache.ts"
import { CatalogueAdmin } from "../../core/ports/catalogue_admin.ts"
import { sampleCatalogue } from "../contracts/catalogue_repository.ts"

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

describe("the fast path table", () => {
  it.effect("answers only while the catalogue cache serves a snapshot, renders once per snapshot, never the replaced one", () =>
    Effect.gen(function*() {
      yield* (yield* CatalogueAdmin).replace(sampleCatalogue(1), 0)
      const { admin, cache, reader } = yield* cachedCatalogue({ ttl: "5 seconds" })
      let renders = 0
      const route: FastRoute = {
        params: [],
        tail: (catalogue) => (renders++, new PreparedTail(Buffer.from(catalogue.music.map((m) => m.musicId).join(","))))
      }
      const table = new FastPathTable({ timeZone: DateTime.zoneMakeOffset(0), assetBaseUrl: "https://a.test/" }, cache.peek)
      const tail = (now: number) => table.tail(route, "k", [], now)?.bytes.toString()

      // Cold: the app answers (and warms the cache).
      expect(tail(0)).toBeUndefined()
      yield* reader.load
      expect(tail(0)).toContain("qu-music-b1")
      expect(tail(4999)).toContain("qu-music-b1")
      expect(renders).toBe(1)
      // Past the TTL the app answers, until a read confirms the revision: the same snapshot, so no new rendering.
      expect(tail(5000)).toBeUndefined()
      yield* TestClock.adjust("5 seconds")
      yield* reader.load
      expect(tail(5000)).toContain("qu-music-b1")
      expect(renders).toBe(1)
      // An import in this process: not one more answer of the old catalogue, then the new one once read.
      yield* admin.replace(sampleCatalogue(2), 1)
      expect(tail(5000)).toBeUndefined()
      yield* reader.load
      expect(tail(5000)).toContain("qu-music-b2")
      expect(renders).toBe(2)
    }).pipe(Effect.provide(memoryDatabase)))
})
