import { Duration, Effect, Layer } from "effect"
import { join } from "node:path"
import * as DiskObjectStore from "../adapters/local_media/disk_object_store.ts"
import * as LocalMedia from "../adapters/local_media/local_media_cloud.ts"
import { aliyunConfig, aliyunConfigured } from "./aliyun_config.ts"
import { aliyunMedia } from "./aliyun_media.ts"
import type { ServerConfig } from "./config.ts"
import { localAutoprocess } from "./local_autoprocess.ts"

/**
 * The media leaves of the server root: Alibaba Cloud when QU_MEDIA=aliyun, or QU_MEDIA=auto (the default) with
 * ALIYUN_ACCESS_KEY_ID set; otherwise the local emulator storing uploads under QU_DATA_DIR/media.
 */
export const mediaLeaves = (config: ServerConfig) =>
  Effect.gen(function*() {
    const useAliyun = config.media === "aliyun" || (config.media === "auto" && (yield* aliyunConfigured))
    if (useAliyun) return { media: aliyunMedia(yield* aliyunConfig), routes: undefined, background: undefined }
    const local = LocalMedia.leaves({
      publicUrl: config.publicUrl,
      store: DiskObjectStore.make(join(config.dataDir, "media")),
      maxUploadBytes: config.maxUploadBytes
    })
    const background = config.localAutoprocess
      ? localAutoprocess({ publicUrl: config.publicUrl, assetsDir: config.assetsDir, delay: Duration.seconds(1) })
        .pipe(Layer.provide(local.media))
      : undefined
    return { ...local, background }
  })
