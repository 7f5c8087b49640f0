import { HttpApiEndpoint, HttpApiGroup } from "@effect/platform"
import { Schema } from "effect"

const Status = Schema.Struct({ status: Schema.String })

/** Liveness and readiness probes; plain JSON, not the envelope. */
export class SystemGroup extends HttpApiGroup.make("system")
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Status))
  .add(HttpApiEndpoint.get("ready", "/ready").addSuccess(Status).addError(Status, { status: 503 }))
{}
