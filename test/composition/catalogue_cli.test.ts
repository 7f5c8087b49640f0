import { Command } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { Effect, Either, Layer, ManagedRuntime, Option } from "effect"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { decodeCatalogueFile, encodeCatalogueFile } from "../../adapters/catalogue_file/catalogue_file.ts"
import { catalogueCommand } from "../../adapters/cli/catalogue_cli.ts"
import { type CliOutcome, exportCatalogue, importFile, validateFile } from "../../adapters/cli/catalogue_commands.ts"
import { memoryDatabase } from "../../composition/databases.ts"
import { canonicalCatalogue } from "../../core/domain/catalogue_rules.ts"
import { CatalogueAssets } from "../../core/ports/catalogue_assets.ts"
import { sampleCatalogue } from "../contracts/catalogue_repository.ts"

describe("catalogue command line", () => {
  let dir: string
  const store = ManagedRuntime.make(Layer.merge(memoryDatabase, Layer.succeed(CatalogueAssets, { md5: () => Effect.succeedNone })))
  const services = Layer.effectContext(Effect.map(store.runtimeEffect, (rt) => rt.context))
  const run = <A>(effect: Effect.Effect<A, never, Layer.Layer.Success<typeof services>>) => store.runPromise(effect)
  const file = async (name: string, content: unknown) => {
    await writeFile(join(dir, name), typeof content === "string" ? content : JSON.stringify(content))
    return join(dir, name)
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "qu-cli-"))
  })
  afterAll(async () => {
    await store.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it("validate reports each problem on its own line with its JSON path, and exits 1", async () => {
    const bad = await file("bad.json", {
      version: 1,
      music: [{ musicId: "ab", title: "ok", url: "music/a.mp3" }],
      fonts: [{ id: 1, name: "f", url: "f.ttf", colour: "red" }]
    })
    const outcome = await Effect.runPromise(validateFile(bad))
    expect(outcome.exitCode).toBe(1)
    expect(outcome.stderr.split("\n")).toEqual([
      `${bad} is not a valid catalogue (2 problems):`,
      "  $.music[0].musicId: must be 3 to 64 characters of letters, digits, '_', '.' or '-'",
      "  $.fonts[0].colour: is unexpected, expected: \"id\" | \"name\" | \"banner\" | \"icon\" | \"url\" | \"md5\" | \"level\" | \"sort\"",
      ""
    ])
    const orphan = await file("orphan.json", encodeCatalogueFile({ ...sampleCatalogue(), fonts: [] }))
    expect((await Effect.runPromise(validateFile(orphan))).stderr).toContain("  $.captionCategories[0].captions[1].fontId: font 89 is not among")
    const good = await file("good.json", encodeCatalogueFile(sampleCatalogue()))
    expect(await Effect.runPromise(validateFile(good))).toMatchObject({ exitCode: 0, stderr: "" })
    expect((await Effect.runPromise(validateFile(join(dir, "missing.json")))).stderr).toMatch(/^cannot read .*missing\.json: ENOENT/)
  })

  it("import stores nothing from an invalid file, imports a valid one whole, and export writes it back", async () => {
    const orphan = await file("orphan.json", encodeCatalogueFile({ ...sampleCatalogue(), fonts: [] }))
    const refused = await run(importFile(orphan, "replace", false))
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain("$.captionCategories[0].captions[0].fontId")
    const good = await file("good.json", encodeCatalogueFile(sampleCatalogue(1)))
    const imported = await run(importFile(good, "replace", false))
    expect(imported).toMatchObject({ exitCode: 0, stderr: "" })
    expect(imported.stdout).toMatch(/^imported .*good\.json \(replace\) as revision 1: 3 tracks, 2 sticker categories \(3 stickers\)/)
    const exported = await run(exportCatalogue(Option.none()))
    expect(decodeCatalogueFile(exported.stdout, sampleCatalogue().mvs[0]!.createdAt))
      .toEqual(Either.right(canonicalCatalogue(sampleCatalogue(1))))
  })

  it("the command parses import --mode upsert and export -o, with paths relative to the caller's directory", async () => {
    const outcomes: Array<CliOutcome> = []
    const cli = Command.run(catalogueCommand(services, dir, (o) => Effect.sync(() => outcomes.push(o))), { name: "catalogue", version: "0" })
    await file("more.json", encodeCatalogueFile({ ...sampleCatalogue(2), captionCategories: [] }))
    await Effect.runPromise(cli(["node", "catalogue", "import", "--mode", "upsert", "more.json"]).pipe(Effect.provide(NodeContext.layer)))
    expect(outcomes[0]!.stdout).toMatch(/\(upsert\) as revision \d+: 6 tracks, 4 sticker categories/)
    await Effect.runPromise(cli(["node", "catalogue", "export", "-o", "out.json"]).pipe(Effect.provide(NodeContext.layer)))
    expect(outcomes[1]!.stderr).toMatch(/^exported revision \d+ to .*out\.json: 6 tracks/)
    const text = await readFile(join(dir, "out.json"), "utf8")
    expect(Either.isRight(decodeCatalogueFile(text, sampleCatalogue().mvs[0]!.createdAt))).toBe(true)
  })
})
