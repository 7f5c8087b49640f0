import { describe, expect, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"

const root = join(import.meta.dirname, "..", "..")
const read = (path: string) => readFileSync(join(root, path), "utf8")
const run = promisify(execFile)

describe("docs/examples/embedding.ts", () => {
  it("is shown whole, and exactly, by docs/embedding.md", () => {
    const blocks = [...read("docs/embedding.md").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1])
    expect(blocks).toHaveLength(1)
    expect(blocks[0]).toBe(read("docs/examples/embedding.ts"))
  })

  it("imports only effect, the core and the in-memory adapters", () => {
    const specifiers = [...read("docs/examples/embedding.ts").matchAll(/^import .* from "([^"]+)"$/gm)].map((m) => m[1])
    expect(new Set(specifiers)).toEqual(new Set(["effect", "../../core/mod.ts", "../../adapters/memory/mod.ts"]))
  })

  it("runs to its one-line summary on this Node (compiled, as Node 20 cannot strip types)", async () => {
    const out = join(root, "node_modules", ".cache", "qu-appserver", `embedding-test-${process.pid}`)
    try {
      await run(process.execPath, [
        join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "docs/examples", "--noEmit", "false", "--noCheck",
        "--allowImportingTsExtensions", "false", "--outDir", out, "--rootDir", "."
      ], { cwd: root })
      const { stdout } = await run(process.execPath, [join(out, "docs", "examples", "embedding.js")], { cwd: root })
      expect(stdout.trim()).toBe(
        `embedding example on Node ${process.version}: ok (1 user, 1 video listed after 6 events applied out of order, ` +
          "catalogue of 1 track and 1 sticker category)"
      )
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 180_000)
})
