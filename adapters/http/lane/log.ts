import { Cause, Effect, FiberId, FiberRef, HashMap, List, LogLevel } from "effect"

/** The fields of the request log line, as the request middleware writes them. */
export interface RequestLogFields {
  readonly requestId: string
  readonly method: string
  readonly path: string
  readonly query: string
  readonly status: number
  readonly code: string
  readonly durationMs: number
}

/** Writes one request log line, synchronously, from outside any fiber. */
export type RequestLog = (fields: RequestLogFields) => void

/**
 * How the read lane writes its log lines (docs/decisions/0005): through the loggers, as JSON lines on stdout, or as
 * JSON lines to a given writer.
 */
export type RequestLogMode = "loggers" | "json-lines" | { readonly write: (text: string) => void }

const infoEnabled = Effect.map(FiberRef.get(FiberRef.currentMinimumLogLevel), (min) => LogLevel.greaterThanEqual(LogLevel.Info, min))

/**
 * Through the loggers in effect where it is built (any format, and what tests capture), as `Effect.logInfo` would:
 * exact, but about 16 µs a line with the JSON logger, as much as the rest of a fast request.
 */
const throughLoggers = Effect.gen(function*() {
  const loggers = yield* FiberRef.get(FiberRef.currentLoggers)
  const context = yield* Effect.getFiberRefs
  return (fields: RequestLogFields) => {
    const options = {
      fiberId: FiberId.none,
      logLevel: LogLevel.Info,
      message: "http request",
      cause: Cause.empty,
      context,
      spans: List.empty(),
      annotations: HashMap.make(
        ["requestId", fields.requestId],
        ["method", fields.method],
        ["path", fields.path],
        ["query", fields.query],
        ["status", fields.status],
        ["code", fields.code],
        ["durationMs", fields.durationMs],
        ["fastPath", true]
      ),
      date: new Date()
    }
    for (const logger of loggers) logger.log(options)
  }
})

/**
 * The line `Logger.json` writes for the same fields (message, logLevel, timestamp, annotations, spans, fiberId), built
 * by hand and written once per event-loop turn for all the lines of that turn: about 1 µs a line.
 */
export const jsonLines = (write: (text: string) => void): RequestLog => {
  let pending = ""
  let lastMillis = 0
  let timestamp = ""
  const flush = () => {
    const text = pending
    pending = ""
    write(text)
  }
  const quoted = new Map<string, string>()
  // Paths, queries, methods and codes repeat: quote each once.
  const quote = (s: string) => {
    let q = quoted.get(s)
    if (q === undefined) {
      q = JSON.stringify(s)
      if (quoted.size < 1000) quoted.set(s, q)
    }
    return q
  }
  return (f) => {
    const now = Date.now()
    if (now !== lastMillis) {
      lastMillis = now
      timestamp = new Date(now).toISOString()
    }
    if (pending === "") setImmediate(flush)
    pending += `{"message":"http request","logLevel":"INFO","timestamp":"${timestamp}","annotations":{"requestId":${
      JSON.stringify(f.requestId)},"method":${quote(f.method)},"path":${quote(f.path)},"query":${quote(f.query)},"status":${f.status},"code":${quote(f.code)},"durationMs":${
      f.durationMs},"fastPath":true},"spans":{},"fiberId":""}\n`
  }
}

/** The request log of the fast path: through the loggers, or JSON lines on stdout (when the server logs JSON). */
export const makeRequestLog = (mode: RequestLogMode): Effect.Effect<RequestLog> =>
  Effect.flatMap(infoEnabled, (enabled) =>
    !enabled
      ? Effect.succeed(() => {})
      : mode === "json-lines"
      ? Effect.succeed(jsonLines((text) => process.stdout.write(text)))
      : mode === "loggers"
      ? throughLoggers
      : Effect.succeed(jsonLines(mode.write)))
