import { Duration, Effect, Layer } from "effect"
import { join } from "node:path"
import * as DiskObjectStore from "../adapters/local_media/disk_object_store.ts"
import * as LocalMedia from "../adapters/local_media/local_media_cloud.ts"
import { aliyunConfig, aliyunConfigured } from "./aliyun_config.ts"
import type { ServerConfig } from "./config.ts"
import { localAutoprocess } from "./local_autoprocess.ts"

/**
 * The media leaves of the server root: Alibaba Cloud when QU_MEDIA=aliyun, or QU_MEDIA=auto (the default) with
 * ALIYUN_ACCESS_KEY_ID set; otherwise the local emulator storing uploads under QU_DATA_DIR/media.
 */
export const mediaLeaves = (config: ServerConfig) =>
  Effect.gen(function*() {
    const useAliyun = config.media === "aliyun" || (config.media === "auto" && (yield* aliyunConfigured))
    if (useAliyun) {
      // Loaded only when used: the Alibaba Cloud SDK costs ~100 ms and ~11 MB at start (docs/decisions/0009).
      const { aliyunMedia } = yield* Effect.promise(() => import("./aliyun_media.ts"))
      return { kind: "aliyun" as const, media: aliyunMedia(yield* aliyunConfig), routes: undefined, background: undefined }
    }
    const local = LocalMedia.leaves({
      publicUrl: config.publicUrl,
      store: DiskObjectStore.make(join(config.dataDir, "media")),
      maxUploadBytes: config.maxUploadBytes
    })
    const background = config.localAutoprocess
      ? localAutoprocess({ publicUrl: config.publicUrl, assetsDir: config.assetsDir, delay: Duration.seconds(1) })
        .pipe(Layer.provide(local.media))
      : undefined
    return { kind: "local" as const, ...local, background }
  })
