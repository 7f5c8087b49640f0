import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context } from "effect"
import type { User } from "../../../core/domain/user.ts"
import { ApiFailure } from "../wire/envelope.ts"

/** The authenticated caller of the current request. */
export class CurrentUser extends Context.Tag("adapters/http/CurrentUser")<CurrentUser, User>() {}

/**
 * Token authentication (docs/reference/api-contract.md §3): `Authorization: Bearer <token>` or the `token` parameter (query, form or JSON
 * body: the request middleware folds body parameters into the query before routing).
 */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("adapters/http/Authentication", {
  failure: ApiFailure,
  provides: CurrentUser,
  security: {
    bearer: HttpApiSecurity.bearer,
    token: HttpApiSecurity.apiKey({ key: "token", in: "query" })
  }
}) {}
