import { Schema } from "effect"

const NumberLike = Schema.Union(Schema.Number, Schema.NumberFromString)

/** CreateUploadVideo and RefreshUploadVideo. */
export const UploadVideoResponse = Schema.Struct({
  VideoId: Schema.String,
  UploadAddress: Schema.String,
  UploadAuth: Schema.String
})

/** CreateUploadImage. */
export const UploadImageResponse = Schema.Struct({
  ImageId: Schema.String,
  ImageURL: Schema.String,
  UploadAddress: Schema.String,
  UploadAuth: Schema.String
})

/** GetVideoPlayAuth. */
export const PlayAuthResponse = Schema.Struct({
  PlayAuth: Schema.String,
  VideoMeta: Schema.Struct({
    CoverURL: Schema.optionalWith(Schema.String, { default: () => "" }),
    Duration: Schema.optionalWith(NumberLike, { default: () => 0 }),
    Status: Schema.optionalWith(Schema.String, { default: () => "" }),
    Title: Schema.optionalWith(Schema.String, { default: () => "" })
  })
})

const PlayInfo = Schema.Struct({
  PlayURL: Schema.String,
  Definition: Schema.optionalWith(Schema.String, { default: () => "" }),
  Format: Schema.optionalWith(Schema.String, { default: () => "" })
})

/** GetPlayInfo. */
export const PlayInfoResponse = Schema.Struct({
  VideoBase: Schema.Struct({
    CoverURL: Schema.optionalWith(Schema.String, { default: () => "" }),
    Duration: Schema.optionalWith(NumberLike, { default: () => 0 }),
    Status: Schema.optionalWith(Schema.String, { default: () => "" }),
    Title: Schema.optionalWith(Schema.String, { default: () => "" })
  }),
  PlayInfoList: Schema.optionalWith(Schema.Struct({ PlayInfo: Schema.Array(PlayInfo) }), {
    default: () => ({ PlayInfo: [] })
  })
})

const IdList = Schema.optionalWith(Schema.Struct({ VideoId: Schema.Array(Schema.String) }), {
  default: () => ({ VideoId: [] })
})

/** DeleteVideo. */
export const DeleteResponse = Schema.Struct({ NonExistVideoIds: IdList, ForbiddenVideoIds: IdList })

/** SubmitAIMediaAuditJob. */
export const AuditJobResponse = Schema.Struct({ JobId: Schema.String })
/** SubmitSnapshotJob. */
export const SnapshotJobResponse = Schema.Struct({ SnapshotJob: Schema.Struct({ JobId: Schema.String }) })
/** SubmitTranscodeJobs. */
export const TranscodeJobsResponse = Schema.Struct({ TranscodeTaskId: Schema.String })

/** Definitions from best to worst, for ordering play URLs. */
export const DEFINITION_ORDER = ["8K", "4K", "2K", "OD", "HQ", "FHD", "HD", "SD", "LD", "FD"] as const
