import { afterAll, beforeAll, beforeEach } from "vitest"
import { type AliyunFake, type AliyunFakeOptions, startAliyunFake } from "./aliyun_fake.ts"
import { buildAcs3Call, buildRpcCall, type CallInput, type SignedCall } from "./aliyun_request_builder.ts"

/** The raw answer of the fake and its parsed JSON body (undefined when not JSON). */
export interface FakeAnswer {
  readonly status: number
  readonly contentType: string | null
  readonly text: string
  readonly json: any
}

/** Sends a signed call with fetch. */
export const send = async (call: SignedCall): Promise<FakeAnswer> => {
  const response = await fetch(call.url, call.init)
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, contentType: response.headers.get("content-type"), text, json }
}

/** The version of the service that has an action. */
export const versionOf = (action: string): string => (action === "AssumeRole" ? "2015-04-01" : "2017-03-21")

type Extra = Partial<Omit<CallInput, "endpoint" | "action" | "params">>

/** A fake started for the enclosing describe block (reset before each test), with fetch helpers for both signatures. */
export const useAliyunFake = (options?: AliyunFakeOptions) => {
  let fake: AliyunFake | undefined
  beforeAll(async () => {
    fake = await startAliyunFake(options)
  })
  afterAll(async () => {
    await fake?.close()
  })
  beforeEach(() => fake?.reset())
  const input = (action: string, params: Record<string, string>, extra: Extra): CallInput =>
    ({ endpoint: fake!.endpoint, action, version: versionOf(action), params, ...extra })
  return {
    fake: () => fake!,
    rpcCall: (action: string, params: Record<string, string> = {}, extra: Extra = {}) => buildRpcCall(input(action, params, extra)),
    acs3Call: (action: string, params: Record<string, string> = {}, extra: Extra = {}) => buildAcs3Call(input(action, params, extra)),
    rpc: (action: string, params: Record<string, string> = {}, extra: Extra = {}) => send(buildRpcCall(input(action, params, extra))),
    acs3: (action: string, params: Record<string, string> = {}, extra: Extra = {}) => send(buildAcs3Call(input(action, params, extra)))
  }
}

/** The JSON value inside a base64 JSON text (UploadAddress, UploadAuth, PlayAuth). */
export const decodeBase64Json = (text: string): any => JSON.parse(Buffer.from(text, "base64").toString("utf8"))

/** Upper-case UUID, as RequestIds are. */
export const requestIdPattern = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/
