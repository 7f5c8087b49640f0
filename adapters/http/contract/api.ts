import { HttpApi, OpenApi } from "@effect/platform"
import { AdminGroup } from "./admin.ts"
import { MusicGroup, ResourceGroup } from "./catalogue.ts"
import { CredentialsGroup, DemoGroup } from "./credentials.ts"
import { LiveGroup } from "./live.ts"
import { completeOpenApi } from "./openapi_transform.ts"
import { SystemGroup } from "./system.ts"
import { UsersGroup } from "./users.ts"
import { VideosGroup, VodVideoGroup } from "./videos.ts"

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
  .add(AdminGroup)
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
  .annotate(OpenApi.Transform, completeOpenApi)
{}
