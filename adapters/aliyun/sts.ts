import { DateTime, Effect, Layer, Redacted, Schema } from "effect"
import { CredentialIssuer } from "../../core/ports/credential_issuer.ts"
import type { SdkClient } from "./_sdk.ts"
import { badResponse, toServiceError } from "./error_mapping.ts"

/**
 * The default session policy (docs/security.md): what an app needs to upload with the SDKs' STS mode, creating a
 * video or an image upload, and nothing else, whatever the role itself may do. Not granted, because each would go
 * around this server's ownership or moderation checks for any video of the account: RefreshUploadVideo (apps refresh
 * through /vod/refreshVideoUploadAuth, which checks the owner), GetPlayInfo and GetVideoPlayAuth (apps play with the
 * play credential of /demo/getVideoPlayAuth, which checks moderation). QU_STS_POLICY replaces it.
 */
export const DEFAULT_STS_POLICY = JSON.stringify({
  Version: "1",
  Statement: [{
    Effect: "Allow",
    Action: ["vod:CreateUploadVideo", "vod:CreateUploadImage"],
    Resource: "*"
  }]
})

/** Settings of AssumeRole. */
export interface StsOptions {
  readonly roleArn: string
  /** 900..3600. */
  readonly durationSeconds: number
  readonly policy: string
  readonly sessionName?: string | undefined
}

const AssumeRoleResponse = Schema.Struct({
  Credentials: Schema.Struct({
    AccessKeyId: Schema.String,
    AccessKeySecret: Schema.String,
    SecurityToken: Schema.String,
    Expiration: Schema.DateTimeUtc
  })
})

/** CredentialIssuer on STS AssumeRole 2015-04-01 (uncached: composition wraps it in the credential cache). */
export const make = (sts: SdkClient, options: StsOptions): CredentialIssuer["Type"] =>
  CredentialIssuer.of({
    issue: sts.call("AssumeRole", {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName ?? "qu-appserver",
      DurationSeconds: options.durationSeconds,
      Policy: options.policy
    }).pipe(
      Effect.mapError(toServiceError("sts")),
      Effect.flatMap((body) =>
        Schema.decodeUnknown(AssumeRoleResponse)(body).pipe(Effect.catchAll(badResponse("sts", "AssumeRole")))
      ),
      Effect.map(({ Credentials: c }) => ({
        accessKeyId: c.AccessKeyId,
        accessKeySecret: Redacted.make(c.AccessKeySecret),
        securityToken: Redacted.make(c.SecurityToken),
        expiration: c.Expiration as DateTime.Utc
      }))
    )
  })

/** STS credentials, as a layer. */
export const layer = (sts: SdkClient, options: StsOptions) => Layer.succeed(CredentialIssuer, make(sts, options))
