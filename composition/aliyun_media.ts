import { Effect, Layer } from "effect"
import { makeAliyunClient } from "../adapters/aliyun/client.ts"
import * as Sts from "../adapters/aliyun/sts.ts"
import * as Vod from "../adapters/aliyun/vod.ts"
import { CredentialIssuer } from "../core/ports/credential_issuer.ts"
import { cachedCredentialIssuer } from "../core/caches/credential_cache.ts"
import type { AliyunConfig } from "./aliyun_config.ts"

/** MediaCloud on VOD and CredentialIssuer on STS (cached, single-flight), from an Aliyun configuration. */
export const aliyunMedia = (config: AliyunConfig) => {
  const client = (endpoint: AliyunConfig["vodEndpoint"], version: string) =>
    makeAliyunClient({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: endpoint.host,
      protocol: endpoint.protocol,
      version,
      attemptTimeout: config.attemptTimeout,
      maxAttempts: 3
    })
  const vod = Vod.layer(client(config.vodEndpoint, "2017-03-21"), {
    templateGroupId: config.templateGroupId,
    storageLocation: config.storageLocation,
    appId: config.appId,
    callbackUrl: config.callbackUrl
  })
  const sts = Layer.effect(CredentialIssuer, cachedCredentialIssuer()).pipe(
    Layer.provide(Sts.layer(client(config.stsEndpoint, "2015-04-01"), {
      roleArn: config.roleArn,
      durationSeconds: config.stsDurationSeconds,
      policy: config.stsPolicy
    }))
  )
  return Layer.merge(vod, sts).pipe(
    Layer.tap(() =>
      Effect.logInfo("media: Alibaba Cloud VOD").pipe(Effect.annotateLogs({
        vod: config.vodEndpoint.host,
        sts: config.stsEndpoint.host,
        accessKeyId: config.accessKeyId
      }))
    )
  )
}
