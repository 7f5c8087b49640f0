import { Effect, Layer } from "effect"
import { makeSdkClient } from "./_sdk.ts"
import { type AliyunConfig, aliyunConfig, type Endpoint } from "./aliyun_config.ts"
import * as Sts from "./sts.ts"
import * as Vod from "./vod.ts"

/**
 * MediaCloud on VOD and CredentialIssuer on STS (uncached: composition puts the credential cache in front), from an
 * Aliyun configuration; logs which endpoints and access key it uses.
 */
export const layer = (config: AliyunConfig) => {
  const client = (endpoint: Endpoint, version: string) =>
    makeSdkClient({
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
  const sts = Sts.layer(client(config.stsEndpoint, "2015-04-01"), {
    roleArn: config.roleArn,
    durationSeconds: config.stsDurationSeconds,
    policy: config.stsPolicy
  })
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

/** {@link layer} from the environment ({@link aliyunConfig}); a missing or bad variable fails with its name. */
export const layerConfig = Layer.unwrapEffect(Effect.map(aliyunConfig, layer))
