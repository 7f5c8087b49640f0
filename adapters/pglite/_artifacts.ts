import type { PGliteOptions } from "@electric-sql/pglite"
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

// Node has WebAssembly; the project's type libraries (ES2022, no DOM) declare only its types.
const wasm = (globalThis as unknown as {
  readonly WebAssembly: { readonly compile: (bytes: Uint8Array) => Promise<WebAssembly.Module> }
}).WebAssembly

/** PGlite's dist directory (its entry point, dist/index.cjs, is there). */
export const pgliteDist = (): string => dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"))

/**
 * PGlite's WebAssembly module, compiled (`pgliteWasmModule`, a documented option of PGlite.create). PGlite.create
 * would read and compile it itself after reading its file-system bundle; compiled beforehand, off the main thread,
 * it is ready while the data directory is being made ready (a new one copied from the template: some 0.15 s saved).
 * Only the module: PGlite's own reading of the bundle makes one copy of it, where a Blob given as `fsBundle` makes
 * three, some 10 MB more resident memory for nothing.
 */
export const compilePglite = async (): Promise<Pick<PGliteOptions, "pgliteWasmModule">> => ({
  pgliteWasmModule: await wasm.compile(await readFile(join(pgliteDist(), "pglite.wasm")))
})
