import {
  type ActionHandler,
  invalid,
  isoSeconds,
  missing,
  ok,
  param,
  randomDigits,
  randomKey,
  randomSecurityToken
} from "./aliyun_fake_support.ts"

/** Temporary credentials issued by AssumeRole; the fake accepts them for signing until they expire. */
export interface StsCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken: string
  /** ISO-8601 UTC, as answered. */
  readonly expiration: string
  readonly expiresAt: number
  /** The session policy sent with AssumeRole, which narrows what these credentials may call. */
  readonly policy: string | undefined
}

/** One AssumeRole call the fake granted, with its params for assertions. */
export interface AssumedRole {
  readonly roleArn: string
  readonly roleSessionName: string
  readonly durationSeconds: number
  /** The Policy param as sent (a JSON text), if any. */
  readonly policy: string | undefined
  readonly externalId: string | undefined
  readonly credentials: StsCredentials
}

/** The fake STS service: what it granted, the issued keys by AccessKeyId, and its actions. */
export interface StsFake {
  readonly assumedRoles: Array<AssumedRole>
  readonly issued: Map<string, StsCredentials>
  readonly actions: Readonly<Record<string, ActionHandler>>
}

const roleArnPattern = /^acs:ram::(\d+):role\/([\w.@+=,-]{1,64})$/i
const sessionNamePattern = /^[\w.@-]{2,64}$/

const policyProblem = (policy: string): string | undefined => {
  if (policy.length > 2048) return "must be at most 2048 characters"
  try {
    const value: unknown = JSON.parse(policy)
    return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : "must be a JSON object"
  } catch {
    return "must be valid JSON"
  }
}

/** A fresh fake STS service (2015-04-01). */
export const createStsFake = (): StsFake => {
  const assumedRoles: Array<AssumedRole> = []
  const issued = new Map<string, StsCredentials>()
  const AssumeRole: ActionHandler = (params, now) => {
    const roleArn = param(params, "RoleArn")
    if (roleArn === undefined) return missing("RoleArn")
    const arn = roleArnPattern.exec(roleArn)
    if (arn === null) return invalid("RoleArn", "must look like acs:ram::<account>:role/<name>", "InvalidParameter.RoleArn")
    const roleSessionName = param(params, "RoleSessionName")
    if (roleSessionName === undefined) return missing("RoleSessionName")
    if (!sessionNamePattern.test(roleSessionName)) {
      return invalid("RoleSessionName", "must be 2 to 64 of letters, digits, _ . @ -", "InvalidParameter.RoleSessionName")
    }
    const duration = param(params, "DurationSeconds") ?? "3600"
    const durationSeconds = Number(duration)
    if (!/^\d+$/.test(duration) || durationSeconds < 900 || durationSeconds > 3600) {
      return invalid("DurationSeconds", "must be from 900 to 3600", "InvalidParameter.DurationSeconds")
    }
    const policy = param(params, "Policy")
    const problem = policy === undefined ? undefined : policyProblem(policy)
    if (problem !== undefined) {
      return invalid("Policy", problem, problem.startsWith("must be at most") ? "InvalidParameter.PolicyLength" : "InvalidParameter.PolicyGrammar")
    }
    const expiresAt = Math.floor(now / 1000) * 1000 + durationSeconds * 1000
    const credentials: StsCredentials = {
      accessKeyId: `STS.${randomKey(25)}`,
      accessKeySecret: randomKey(44),
      securityToken: randomSecurityToken(),
      expiration: isoSeconds(expiresAt),
      expiresAt,
      policy
    }
    issued.set(credentials.accessKeyId, credentials)
    assumedRoles.push({ roleArn, roleSessionName, durationSeconds, policy, externalId: param(params, "ExternalId"), credentials })
    const roleId = randomDigits(19)
    return ok({
      AssumedRoleUser: {
        Arn: `acs:ram::${arn[1]}:role/${arn[2]?.toLowerCase()}/${roleSessionName}`,
        AssumedRoleId: `${roleId}:${roleSessionName}`
      },
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        AccessKeySecret: credentials.accessKeySecret,
        SecurityToken: credentials.securityToken,
        Expiration: credentials.expiration
      }
    })
  }
  return { assumedRoles, issued, actions: { AssumeRole } }
}
