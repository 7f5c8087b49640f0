import { Layer } from "effect"
import type { AliyunConfig } from "../adapters/aliyun/aliyun_config.ts"
import * as AliyunMedia from "../adapters/aliyun/aliyun_media.ts"
import { cachedCredentialIssuer } from "../core/caches/credential_cache.ts"
import { CredentialIssuer } from "../core/ports/credential_issuer.ts"

/**
 * Alibaba Cloud media from its configuration (adapters/aliyun/aliyun_config.ts): VOD, and STS behind the
 * single-flight credential cache, which replaces the adapter's uncached issuer (one AssumeRole serves every app until
 * the credentials near expiry).
 */
export const aliyunMedia = (config: AliyunConfig) =>
  Layer.effect(CredentialIssuer, cachedCredentialIssuer()).pipe(Layer.provideMerge(AliyunMedia.layer(config)))
