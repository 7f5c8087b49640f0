import { Duration, Effect, Redacted } from "effect"
import { makeSdkClient } from "../../adapters/aliyun/_sdk.ts"
import * as Sts from "../../adapters/aliyun/sts.ts"
import * as LocalMedia from "../../adapters/local_media/local_media_cloud.ts"
import * as MemoryObjectStore from "../../adapters/local_media/memory_object_store.ts"
import * as MemoryMedia from "../../adapters/memory/media_cloud.ts"
import { useAliyunFake } from "../fakes/aliyun_fake_test_support.ts"
import { credentialIssuerContract, mediaCloudContract } from "../contracts/media_cloud.ts"
import { quiet, vodOn } from "./aliyun_support.ts"

const local = Effect.flatMap(MemoryObjectStore.make, (store) => LocalMedia.make({ publicUrl: "http://127.0.0.1:8080", store })).pipe(
  Effect.provide(LocalMedia.memoryRecords),
  Effect.provide(quiet)
)

mediaCloudContract("MediaCloud: the local emulator", Effect.map(local, (media) => media.mediaCloud))
credentialIssuerContract("CredentialIssuer: the local emulator", Effect.map(local, (media) => media.credentialIssuer))

mediaCloudContract("MediaCloud: in memory (no node built-ins)", Effect.map(MemoryMedia.make, (media) => media.mediaCloud))
credentialIssuerContract(
  "CredentialIssuer: in memory (no node built-ins)",
  Effect.map(MemoryMedia.make, (media) => media.credentialIssuer)
)

const { fake } = useAliyunFake()
mediaCloudContract("MediaCloud: Alibaba Cloud VOD (the fake)", Effect.sync(() => vodOn(fake())).pipe(Effect.provide(quiet)))
credentialIssuerContract(
  "CredentialIssuer: Alibaba Cloud STS (the fake)",
  Effect.sync(() =>
    Sts.make(makeSdkClient({
      accessKeyId: "testAccessKeyId",
      accessKeySecret: Redacted.make("testAccessKeySecret"),
      endpoint: fake().endpoint,
      protocol: "http",
      version: "2015-04-01",
      attemptTimeout: Duration.seconds(2),
      maxAttempts: 3
    }), { roleArn: "acs:ram::1234567890123456:role/qu-upload", durationSeconds: 3600, policy: Sts.DEFAULT_STS_POLICY })
  )
)
