import { Config, Duration, Option, type Redacted } from "effect"
import { DEFAULT_STS_POLICY } from "./sts.ts"

/** Alibaba Cloud settings (ALIYUN_*, QU_STS_*, QU_CALLBACK_URL), read only when the Aliyun adapter is chosen. */
export interface AliyunConfig {
  readonly accessKeyId: string
  readonly accessKeySecret: Redacted.Redacted<string>
  readonly region: string
  readonly roleArn: string
  readonly vodEndpoint: Endpoint
  readonly stsEndpoint: Endpoint
  readonly templateGroupId: string | undefined
  readonly storageLocation: string | undefined
  readonly appId: string | undefined
  readonly callbackUrl: string | undefined
  readonly stsPolicy: string
  readonly stsDurationSeconds: number
  readonly attemptTimeout: Duration.Duration
}

/** A product endpoint: host (and port) plus the protocol to use. */
export interface Endpoint {
  readonly host: string
  readonly protocol: "https" | "http"
}

// "vod.cn-shanghai.aliyuncs.com", "https://…" or, for tests, "http://127.0.0.1:PORT".
const parseEndpoint = (value: string): Endpoint => {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(value.trim())
  return m === null ? { host: value.trim(), protocol: "https" } : { host: m[2]!, protocol: m[1] as "https" | "http" }
}

const optional = (name: string) => Config.option(Config.nonEmptyString(name)).pipe(Config.map(Option.getOrUndefined))

/** Whether Aliyun credentials are configured at all (QU_MEDIA=auto picks Aliyun then). */
export const aliyunConfigured = Config.option(Config.nonEmptyString("ALIYUN_ACCESS_KEY_ID")).pipe(
  Config.map(Option.isSome)
)

/** The Aliyun configuration; missing required variables fail with their names. */
export const aliyunConfig: Config.Config<AliyunConfig> = Config.all({
  accessKeyId: Config.nonEmptyString("ALIYUN_ACCESS_KEY_ID"),
  accessKeySecret: Config.redacted("ALIYUN_ACCESS_KEY_SECRET"),
  region: Config.string("ALIYUN_REGION").pipe(Config.withDefault("cn-shanghai")),
  roleArn: Config.string("ALIYUN_STS_ROLE_ARN").pipe(Config.validate({
    message: "must look like acs:ram::<account id>:role/<role name>",
    validation: (arn) => /^acs:ram::\d+:role\/[\w.@-]+$/.test(arn)
  })),
  vodEndpoint: optional("ALIYUN_VOD_ENDPOINT"),
  stsEndpoint: optional("ALIYUN_STS_ENDPOINT"),
  templateGroupId: optional("ALIYUN_VOD_TEMPLATE_GROUP_ID"),
  storageLocation: optional("ALIYUN_VOD_STORAGE_LOCATION"),
  appId: optional("ALIYUN_VOD_APP_ID"),
  callbackUrl: optional("QU_CALLBACK_URL"),
  stsPolicy: Config.string("QU_STS_POLICY").pipe(
    Config.withDefault(DEFAULT_STS_POLICY),
    Config.validate({
      message: "must be a JSON policy document of at most 2048 characters",
      validation: (p) => {
        try {
          return p.length <= 2048 && typeof JSON.parse(p) === "object"
        } catch {
          return false
        }
      }
    })
  ),
  stsDurationSeconds: Config.integer("QU_STS_DURATION").pipe(
    Config.withDefault(3600),
    Config.validate({ message: "must be 900 to 3600 seconds", validation: (n) => n >= 900 && n <= 3600 })
  ),
  attemptTimeout: Config.integer("ALIYUN_TIMEOUT_MS").pipe(
    Config.withDefault(5000),
    Config.validate({ message: "must be 100 to 60000 milliseconds", validation: (n) => n >= 100 && n <= 60_000 }),
    Config.map(Duration.millis)
  )
}).pipe(Config.map((c) => ({
  ...c,
  vodEndpoint: parseEndpoint(c.vodEndpoint ?? `vod.${c.region}.aliyuncs.com`),
  stsEndpoint: parseEndpoint(c.stsEndpoint ?? `sts.${c.region}.aliyuncs.com`)
})))
