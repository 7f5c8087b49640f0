import { type ActionHandler, fail } from "./aliyun_fake_support.ts"

/** The action tables of the fake's services. */
export interface Services {
  readonly vod: Readonly<Record<string, ActionHandler>>
  readonly sts: Readonly<Record<string, ActionHandler>>
}

const versions = { vod: "2017-03-21", sts: "2015-04-01" } as const

const has = (table: Readonly<Record<string, ActionHandler>>, action: string) => Object.hasOwn(table, action)

/**
 * The handler of an action at an API version: InvalidVersion (400) when the action exists under another version,
 * InvalidAction.NotFound (404) when no service has it.
 */
export const route = (services: Services, action: string, version: string): ActionHandler => {
  const table = version === versions.vod ? services.vod : version === versions.sts ? services.sts : undefined
  const handler = table !== undefined && has(table, action) ? table[action] : undefined
  if (handler !== undefined) return handler
  if (has(services.vod, action) || has(services.sts, action)) {
    return () => fail(400, "InvalidVersion", `Specified parameter Version "${version}" is not valid for ${action}.`)
  }
  return () => fail(404, "InvalidAction.NotFound", `Specified api "${action}" is not found, please check your url and method.`)
}
