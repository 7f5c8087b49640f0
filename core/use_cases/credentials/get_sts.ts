import { Effect } from "effect"
import { CredentialIssuer } from "../../ports/credential_issuer.ts"

/** Temporary upload-and-play credentials for an app. */
export const getSts = Effect.fn("getSts")(function*() {
  const issuer = yield* CredentialIssuer
  return yield* issuer.issue
})
