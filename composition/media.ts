import { Duration, Effect, Layer } from "effect"
import { join } from "node:path"
import { aliyunConfig, aliyunConfigured } from "../adapters/aliyun/aliyun_config.ts"
import * as Autoprocess from "../adapters/local_media/autoprocess.ts"
import * as DiskObjectStore from "../adapters/local_media/disk_object_store.ts"
import * as LocalMedia from "../adapters/local_media/local_media_cloud.ts"
import { receiveVodEvent } from "../core/use_cases/videos/receive_vod_event.ts"
import type { ServerConfig } from "./config.ts"

/** The local event simulator (adapters/local_media/autoprocess.ts), delivering through `receiveVodEvent`. */
export const localAutoprocess = (options: Omit<Autoprocess.AutoprocessOptions<unknown, never>, "deliver">) =>
  Autoprocess.layer({ ...options, deliver: receiveVodEvent })

/**
 * The media leaves of the server root: Alibaba Cloud when QU_MEDIA=aliyun, or QU_MEDIA=auto (the default) with
 * ALIYUN_ACCESS_KEY_ID set; otherwise the local emulator storing uploads under QU_DATA_DIR/media.
 */
export const mediaLeaves = (config: ServerConfig) =>
  Effect.gen(function*() {
    const useAliyun = config.media === "aliyun" || (config.media === "auto" && (yield* aliyunConfigured))
    if (useAliyun) {
      // Read first, so a bad variable fails start-up before any database opens.
      const aliyun = yield* aliyunConfig
      // Loaded only when used: the Alibaba Cloud SDK costs ~100 ms and ~11 MB at start (docs/decisions/0009).
      const { aliyunMedia } = yield* Effect.promise(() => import("./aliyun_media.ts"))
      return { kind: "aliyun" as const, media: aliyunMedia(aliyun), routes: undefined, background: undefined }
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
