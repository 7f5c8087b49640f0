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

  it("the checker itself sees imports (a planted bad import is found)", () => {
    expect(specifiers(`import { x } from "node:fs"\nexport * from "./a"\nconst m = import("pg")`))
      .toEqual(["node:fs", "./a", "pg"])
  })
})
