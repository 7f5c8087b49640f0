import { SUMMARIES, TAG_DESCRIPTIONS } from "./summaries.ts"

type Spec = Record<string, any>

const eachOperation = (spec: Spec, f: (method: string, operation: Record<string, any>) => void) => {
  for (const operations of Object.values(spec.paths ?? {}) as Array<Record<string, any>>) {
    for (const [method, operation] of Object.entries(operations)) {
      if (typeof operation === "object" && operation !== null) f(method, operation)
    }
  }
}

/** A summary per operation and a description per tag, from summaries.ts. */
const withSummaries = (spec: Spec) => {
  eachOperation(spec, (_, operation) => {
    operation.summary ??= SUMMARIES[operation.operationId]
  })
  for (const tag of spec.tags ?? []) tag.description ??= TAG_DESCRIPTIONS[tag.name]
}

/**
 * The bodies a POST takes, as the apps send them: the operation's parameters as a form
 * (application/x-www-form-urlencoded, what the apps post) or as a JSON object, and the token among them when the
 * operation needs one. The contract derives parameters from the URL schema, so OpenAPI would otherwise show them
 * as query parameters only (which a POST also accepts).
 */
const withRequestBodies = (spec: Spec) => {
  eachOperation(spec, (method, operation) => {
    if (method !== "post" || operation.requestBody !== undefined) return
    const query = (operation.parameters ?? []).filter((p: any) => p.in === "query")
    const properties: Record<string, unknown> = Object.fromEntries(query.map((p: any) => [p.name, p.schema ?? { type: "string" }]))
    const required = query.filter((p: any) => p.required === true).map((p: any) => p.name)
    // Only the apps' token travels as a parameter; the admin token is a Bearer header alone.
    if ((operation.security ?? []).some((requirement: Record<string, unknown>) => "token" in requirement)) {
      properties.token = { type: "string", description: "The login token (or send Authorization: Bearer <token>)" }
    }
    const schema = { type: "object", properties, ...(required.length > 0 ? { required } : {}) }
    operation.requestBody = {
      required: required.length > 0,
      content: { "application/x-www-form-urlencoded": { schema }, "application/json": { schema } }
    }
  })
}

/** What the generated document lacks (OpenApi.Transform of the Api). */
export const completeOpenApi = (spec: Spec): Spec => {
  withSummaries(spec)
  withRequestBodies(spec)
  return spec
}
