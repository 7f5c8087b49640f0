import { HttpApi, OpenApi } from "@effect/platform"
import { MusicGroup, ResourceGroup } from "./catalogue.ts"
import { CredentialsGroup, DemoGroup } from "./credentials.ts"
import { LiveGroup } from "./live.ts"
import { SUMMARIES, TAG_DESCRIPTIONS } from "./summaries.ts"
import { SystemGroup } from "./system.ts"
import { UsersGroup } from "./users.ts"
import { VideosGroup, VodVideoGroup } from "./videos.ts"

// Summaries and tag descriptions from summaries.ts, for operations and groups that do not carry their own.
const withSummaries = (spec: Record<string, any>): Record<string, any> => {
  for (const operations of Object.values(spec.paths ?? {}) as Array<Record<string, any>>) {
    for (const operation of Object.values(operations)) {
      if (typeof operation === "object" && operation !== null && operation.summary === undefined) {
        const summary = SUMMARIES[operation.operationId]
        if (summary !== undefined) operation.summary = summary
      }
    }
  }
  for (const tag of spec.tags ?? []) tag.description ??= TAG_DESCRIPTIONS[tag.name]
  return spec
}

/** The whole wire contract: what the handlers implement, OpenAPI documents and a typed client can call. */
export class Api extends HttpApi.make("qu-appserver")
  .add(UsersGroup)
  .add(CredentialsGroup)
  .add(DemoGroup)
  .add(VideosGroup)
  .add(VodVideoGroup)
  .add(LiveGroup)
  .add(SystemGroup)
  .add(MusicGroup)
  .add(ResourceGroup)
  .annotate(OpenApi.Title, "qu-appserver")
  .annotate(
    OpenApi.Description,
    "The Qu Video AppServer API. Every business answer is HTTP 200 with the envelope {result, requestId, code, " +
      "message, data}; `code` \"200\" is success, others (\"400\", \"401\", \"403\", \"404\", \"409\", \"429\", \"500\", " +
      "\"502\", \"503\") are failures with data null. Parameters of every operation may also come as a form " +
      "(application/x-www-form-urlencoded) or JSON body of a POST; the token as `token` or `Authorization: Bearer`."
  )
  .annotate(OpenApi.License, { name: "MIT", url: "https://opensource.org/licenses/MIT" })
  .annotate(OpenApi.Servers, [{ url: "/", description: "this server" }])
  .annotate(OpenApi.Transform, withSummaries)
{}
