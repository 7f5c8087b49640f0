import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : []
  })

/** Every module specifier a file imports or re-exports (static, dynamic and `import type`). */
const specifiers = (source: string): Array<string> => {
  const found: Array<string> = []
  const patterns = [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s+["']([^"']+)["']/gm]
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!)
  return found
}

const violations = (dir: string, allowed: (specifier: string, file: string) => boolean) =>
  filesUnder(join(root, dir)).filter((file) => file !== import.meta.filename).flatMap((file) =>
    specifiers(readFileSync(file, "utf8"))
      .filter((s) => !allowed(s, file))
      .map((s) => `${relative(root, file)} imports ${s}`)
  )

const isRelative = (s: string) => s.startsWith("./") || s.startsWith("../")
const staysIn = (dir: string) => (s: string, file: string) =>
  !relative(join(root, dir), join(file, "..", s)).startsWith("..")

/**
 * The configuration variables a file declares: the name in `Config.integer("PORT")` or
 * `Config.literal("on", "off")("QU_X")`, and a name with an underscore passed first to a helper (`intBetween("QU_X", …)`).
 */
const configNames = (source: string): Array<string> => [
  ...new Set([
    ...source.matchAll(/\bConfig\.\w+(?:\([^()]*\))?\(\s*"([A-Z][A-Z0-9_]*)"/g),
    ...source.matchAll(/[\w)]\(\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)
  ].map((m) => m[1]!))
]

describe("architecture", () => {
  it("core/ imports only effect and core files", () => {
    expect(violations("core", (s, file) => s === "effect" || s.startsWith("effect/") || (isRelative(s) && staysIn("core")(s, file))))
      .toEqual([])
  })

  it("relative imports everywhere carry an explicit .ts extension", () => {
    const dirs = ["core", "adapters", "composition", "test"]
    expect(dirs.flatMap((d) => violations(d, (s) => !isRelative(s) || s.endsWith(".ts")))).toEqual([])
  })

  it("adapters/ never import composition/", () => {
    expect(violations("adapters", (s) => !s.includes("composition/"))).toEqual([])
  })

  it("an adapter's private files (`_*.ts`) are imported only by that adapter's own files", () => {
    const privateOf = (s: string, file: string) => {
      const target = join(file, "..", s)
      return /\/_[^/]*\.ts$/.test(target) ? relative(join(root, "adapters"), join(target, "..")).split("/")[0] : undefined
    }
    const ownerOf = (file: string) => relative(join(root, "adapters"), file).split("/")[0]
    const allowed = (s: string, file: string) => {
      if (!isRelative(s)) return true
      const owner = privateOf(s, file)
      return owner === undefined || (file.startsWith(join(root, "adapters")) && ownerOf(file) === owner)
    }
    expect([...violations("adapters", allowed), ...violations("composition", allowed)]).toEqual([])
  })

  const isPrivateFile = (path: string) => /(^|\/)_[^/]*\.ts$/.test(path)

  it("composition/ reaches an adapter only through its public files (layers, layerConfig), never a `_*.ts`", () => {
    expect(violations("composition", (s, file) => !isRelative(s) || !isPrivateFile(relative(root, join(file, "..", s)))))
      .toEqual([])
  })

  it("no adapter re-exports its private files (a public face over `_*.ts` would let composition in)", () => {
    const reexport = /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s+["']([^"']+)["']/g
    const found = filesUnder(join(root, "adapters")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(reexport)].map((m) => m[1]!).filter(isPrivateFile)
        .map((s) => `${relative(root, file)} re-exports ${s}`)
    )
    expect(found).toEqual([])
  })

  it("adapters/memory/mod.ts assembles every in-memory adapter, and loads no database driver", () => {
    const source = readFileSync(join(root, "adapters", "memory", "mod.ts"), "utf8")
    const used = new Set(specifiers(source))
    const missing = filesUnder(join(root, "adapters", "memory"))
      .map((file) => `./${relative(join(root, "adapters", "memory"), file)}`)
      .filter((path) => path !== "./mod.ts" && !used.has(path))
    expect(missing).toEqual([])
    expect([...used].filter((s) => /pglite|postgres|@effect\/sql|^pg$/.test(s))).toEqual([])
  })

  it("only the driving adapters (http, cli) import a use case; driven adapters implement ports", () => {
    const driving = new Set(["http", "cli"])
    const driven = readdirSync(join(root, "adapters")).filter((dir) => !driving.has(dir) && statSync(join(root, "adapters", dir)).isDirectory())
    expect(driven.flatMap((dir) => violations(join("adapters", dir), (s) => !s.includes("use_cases/")))).toEqual([])
  })

  it("core/mod.ts exports every core file, so an embedder needs no deep import", () => {
    const exported = new Set(specifiers(readFileSync(join(root, "core", "mod.ts"), "utf8")))
    const missing = filesUnder(join(root, "core"))
      .map((file) => `./${relative(join(root, "core"), file)}`)
      .filter((path) => path !== "./mod.ts" && !exported.has(path))
    expect(missing).toEqual([])
  })

  it("each configuration variable is declared in one file (the adapter that owns it, or composition/config.ts)", () => {
    // Shared on purpose, and not yet folded into one declaration: VOD's message callback is set only when
    // QU_CALLBACK_URL is (the callback route takes a default).
    const shared: Record<string, ReadonlyArray<string>> = {
      QU_CALLBACK_URL: ["adapters/aliyun/aliyun_config.ts", "composition/config.ts"]
    }
    const declaredIn = new Map<string, Set<string>>()
    for (const file of [...filesUnder(join(root, "adapters")), ...filesUnder(join(root, "composition"))]) {
      for (const name of configNames(readFileSync(file, "utf8"))) {
        declaredIn.set(name, (declaredIn.get(name) ?? new Set()).add(relative(root, file)))
      }
    }
    const twice = [...declaredIn].filter(([name, files]) =>
      files.size > 1 && [...files].sort().join() !== [...(shared[name] ?? [])].sort().join()
    ).map(([name, files]) => `${name} in ${[...files].sort().join(", ")}`)
    expect(twice).toEqual([])
    // The scan sees the declarations it must: the ones moved into adapters, in the adapter alone.
    expect(declaredIn.get("QU_DB_POOL_SIZE")).toEqual(new Set(["adapters/postgres/client.ts"]))
    expect(declaredIn.get("QU_CORS_ORIGINS")).toEqual(new Set(["adapters/http/http_settings.ts"]))
    expect(declaredIn.get("PORT")).toEqual(new Set(["composition/config.ts"]))
  })

  it("the configuration scan sees Config calls and helpers named with a variable", () => {
    const source = `Config.port("PORT")\nConfig.literal("on", "off")("QU_B")\nintBetween("QU_C", 1, 0, 9)\nsend("FATAL")`
    expect(configNames(source).sort()).toEqual(["PORT", "QU_B", "QU_C"])
  })

  it("no import cycles among the project's modules (type-only imports aside)", () => {
    // Value imports only: `import type` and `export type` vanish at run time.
    const valueSpecifiers = (source: string) =>
      specifiers(source.split("\n").filter((line) => !/^\s*(import|export)\s+type\b/.test(line)).join("\n"))
    const files = ["core", "adapters", "composition"].flatMap((dir) => filesUnder(join(root, dir)))
    const edges0 = new Set(files)
    const edges = new Map(files.map((file) => [
      file,
      valueSpecifiers(readFileSync(file, "utf8")).filter(isRelative).map((s) => join(file, "..", s)).filter((t) => edges0.has(t))
    ]))
    const cycles: Array<string> = []
    const state = new Map<string, "open" | "done">()
    const visit = (file: string, path: Array<string>) => {
      if (state.get(file) === "done") return
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(root, f)).join(" → "))
        return
      }
      state.set(file, "open")
      for (const next of edges.get(file) ?? []) visit(next, [...path, file])
      state.set(file, "done")
    }
    for (const file of files) visit(file, [])
    expect(cycles).toEqual([])
  })

  it("the checker itself sees imports (a planted bad import is found)", () => {
    expect(specifiers(`import { x } from "node:fs"\nexport * from "./a"\nconst m = import("pg")`))
      .toEqual(["node:fs", "./a", "pg"])
  })
})
