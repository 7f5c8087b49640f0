import { readFile } from "node:fs/promises"

/** The server log's count of ERROR lines and their first messages. */
export interface LogSummary {
  /** The log file, when the soak started the server itself. */
  readonly path: string | undefined
  readonly lines: number
  readonly errorLines: number
  /** Lines that are not JSON (e.g. a crash's stack on stderr). */
  readonly otherLines: number
  /** The first distinct ERROR messages (message, cause's first line, nested causes), with how often each came. */
  readonly firstErrors: ReadonlyArray<{ readonly message: string; readonly count: number }>
}

/** Where the server's log lines come from: a file, or the lines a test server captured. */
export interface LogSource {
  readonly path?: string
  readonly read: () => Promise<ReadonlyArray<string>> | ReadonlyArray<string>
}

/** Reads a file's lines, for a LogSource over the server's log file. */
export const fileLines = async (path: string) => (await readFile(path, "utf8")).split("\n")

const clip = (text: string, max = 240) => (text.length > max ? `${text.slice(0, max)}…` : text)

/** The message of an Effect JSON log line with the first line of its cause and of each nested `[cause]`. */
const describe = (line: Record<string, unknown>) => {
  const message = Array.isArray(line.message) ? line.message.join(" ") : String(line.message)
  const cause = typeof line.cause === "string" ? line.cause : ""
  const nested = [...cause.matchAll(/\[cause\]: ([^\n]*)/g)].map((m) => m[1]!)
  return clip([message, cause.split("\n")[0] ?? "", ...nested].filter((part) => part !== "").join(" — "))
}

/** Counts the ERROR (and FATAL) lines of a JSON log and keeps the first `keep` distinct messages. */
export const summarizeLog = (path: string | undefined, lines: ReadonlyArray<string>, keep = 5): LogSummary => {
  let count = 0, errorLines = 0, otherLines = 0
  const distinct = new Map<string, number>()
  for (const text of lines) {
    if (text.trim() === "") continue
    count++
    let line: unknown
    try {
      line = JSON.parse(text)
    } catch {
      otherLines++
      continue
    }
    const level = typeof line === "object" && line !== null ? (line as Record<string, unknown>).logLevel : undefined
    if (level === "ERROR" || level === "FATAL") {
      errorLines++
      const message = describe(line as Record<string, unknown>)
      if (distinct.has(message) || distinct.size < keep) distinct.set(message, (distinct.get(message) ?? 0) + 1)
    }
  }
  const firstErrors = [...distinct].map(([message, n]) => ({ message, count: n }))
  return { path, lines: count, errorLines, otherLines, firstErrors }
}
