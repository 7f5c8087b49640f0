import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, ConfigError, Effect, Layer } from "effect"
import { serverRoot } from "./server_root.ts"

const messageOf = (u: unknown): string =>
  typeof u === "object" && u !== null && "message" in u && typeof u.message === "string" ? u.message : String(u)

// Start-up failures the operator can fix (configuration, an unreachable database) print one line; others the cause.
const reportStartupFailure = (cause: Cause.Cause<unknown>) => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "None") return Effect.failCause(cause)
  const error = failure.value
  const line = ConfigError.isConfigError(error)
    ? `bad configuration: ${String(error)}`
    : `cannot start: ${messageOf(error)}${
      typeof error === "object" && error !== null && "cause" in error ? ` (${messageOf(error.cause)})` : ""
    }`
  return Effect.sync(() => {
    process.stderr.write(`qu-appserver: ${line}\n`)
    process.exitCode = ConfigError.isConfigError(error) ? 78 : 1
  })
}

// Whatever this server creates (the embedded database, uploads, assets) is readable by its own user only.
process.umask(0o077)

NodeRuntime.runMain(Layer.launch(serverRoot).pipe(Effect.catchAllCause(reportStartupFailure)), {
  disablePrettyLogger: true
})
