import type { Effect } from "effect"
import { Context } from "effect"
import type { Forbidden, Upstream, ValidationError } from "../domain/errors.ts"
import type { StsCredentials } from "../domain/media.ts"

/** Temporary, least-privilege cloud credentials for the apps (STS AssumeRole with a session policy). */
export class CredentialIssuer extends Context.Tag("core/CredentialIssuer")<CredentialIssuer, {
  /** Credentials valid for a while; callers may get the same ones as others until they near expiry. */
  readonly issue: Effect.Effect<StsCredentials, Upstream | Forbidden | ValidationError>
}>() {}
