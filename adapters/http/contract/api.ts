import { HttpApi, OpenApi } from "@effect/platform"
import { MusicGroup, ResourceGroup } from "./catalogue.ts"
import { CredentialsGroup, DemoGroup } from "./credentials.ts"
import { LiveGroup } from "./live.ts"
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
  .annotate(OpenApi.Title, "qu-appserver")
  .annotate(OpenApi.Description, "The Qu Video AppServer API. Every business answer is HTTP 200 with an envelope.")
{}
