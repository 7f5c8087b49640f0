import { DateTime, Effect, Redacted } from "effect"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import { randomCredentials } from "./formats.ts"

/** STS-shaped credentials that open nothing but the emulator: `LOCAL.` AccessKeyId, random secret and token. */
export const make = (ttlSeconds: number): CredentialIssuer["Type"] =>
  CredentialIssuer.of({
    issue: Effect.gen(function*() {
      const now = yield* DateTime.now
      const credentials = randomCredentials()
      return {
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: Redacted.make(credentials.accessKeySecret),
        securityToken: Redacted.make(credentials.securityToken),
        expiration: DateTime.add(now, { seconds: ttlSeconds })
      }
    }).pipe(Effect.withSpan("LocalCredentialIssuer.issue"))
  })
