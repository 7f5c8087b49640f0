import { HttpServerRequest } from "@effect/platform"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { makeSecretTokenCheck } from "../../crypto/secret_token.ts"
import { ApiFailure, failureJson } from "../wire/envelope.ts"
import { CurrentRequestId } from "../wire/envelope.ts"
import { AdminAuthentication, CurrentAdmin } from "../contract/admin.ts"
import { HttpSettings } from "../http_settings.ts"
import { clientAddress } from "./client_key.ts"

/** The admin API's settings: its token (none: the admin API is off). */
export class AdminSettings extends Context.Tag("adapters/http/AdminSettings")<AdminSettings, {
  readonly token: Option.Option<Redacted.Redacted<string>>
}>() {}

const refusal = (code: string, message: string) =>
  Effect.flatMap(CurrentRequestId, (requestId) => Effect.fail(new ApiFailure(failureJson({ requestId, code, message }))))

/**
 * Implements {@link AdminAuthentication}: the bearer token against QU_ADMIN_TOKEN, both hashed first so the constant-
 * time comparison sees equal lengths and the token's length leaks nothing. Unset: "404" for every admin call.
 */
export const layer = Layer.effect(
  AdminAuthentication,
  Effect.gen(function*() {
    const { token } = yield* AdminSettings
    const settings = yield* HttpSettings
    const matches = Option.map(token, makeSecretTokenCheck)
    return AdminAuthentication.of({
      bearer: (offered) =>
        Effect.gen(function*() {
          if (Option.isNone(matches)) return yield* refusal("404", "The admin API is off: QU_ADMIN_TOKEN is not set")
          const request = yield* HttpServerRequest.HttpServerRequest
          const address = clientAddress(request, settings)
          if (!matches.value(Redacted.value(offered))) {
            yield* Effect.logWarning("admin: refused a token").pipe(Effect.annotateLogs({ address }))
            return yield* refusal("401", "Not the admin token")
          }
          return CurrentAdmin.of({ actor: `admin@${address}` })
        })
    })
  })
)
