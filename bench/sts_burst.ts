/**
 * STS under load: 1,000 concurrent GET /vod/getSts against the Aliyun adapter on the loopback fake must make one
 * AssumeRole call; then the added p50/p99 latency of getSts over /health. Run: `npm run bench:sts`.
 */
import { Duration, Redacted } from "effect"
import { performance } from "node:perf_hooks"
import { aliyunMedia } from "../composition/aliyun_media.ts"
import { startTestServer } from "../composition/test_root.ts"
import { DEFAULT_STS_POLICY } from "../adapters/aliyun/sts.ts"
import { startAliyunFake } from "../test/fakes/aliyun_fake.ts"

const BURST = Number(process.env.BURST ?? 1000)
const SAMPLES = Number(process.env.SAMPLES ?? 2000)

const fake = await startAliyunFake()
const endpoint = { host: fake.endpoint, protocol: "http" as const }
const server = await startTestServer({
  media: {
    media: aliyunMedia({
      accessKeyId: "testAccessKeyId",
      accessKeySecret: Redacted.make("testAccessKeySecret"),
      region: "cn-shanghai",
      roleArn: "acs:ram::1234567890123456:role/qu-upload",
      vodEndpoint: endpoint,
      stsEndpoint: endpoint,
      templateGroupId: undefined,
      storageLocation: undefined,
      appId: undefined,
      callbackUrl: undefined,
      stsPolicy: DEFAULT_STS_POLICY,
      stsDurationSeconds: 3600,
      attemptTimeout: Duration.seconds(5)
    })
  }
})
const { token } = ((await (await fetch(`${server.url}/user/randomUser`)).json()) as { data: { token: string } }).data

const burst = await Promise.all(
  Array.from({ length: BURST }, () => fetch(`${server.url}/vod/getSts?token=${token}`).then((r) => r.json() as Promise<{ code: string }>))
)
const ok = burst.filter((b) => b.code === "200").length
console.log(`burst: ${BURST} concurrent getSts → ${ok} answered "200", AssumeRole calls at the fake: ${fake.count("AssumeRole")}`)

const latencies = async (path: string) => {
  const out: Array<number> = []
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now()
    await (await fetch(`${server.url}${path}`)).arrayBuffer()
    out.push(performance.now() - start)
  }
  out.sort((a, b) => a - b)
  return { p50: out[Math.floor(out.length * 0.5)]!, p99: out[Math.floor(out.length * 0.99)]! }
}
await latencies("/health") // warm-up
const health = await latencies("/health")
const sts = await latencies(`/vod/getSts?token=${token}`)
const f = (n: number) => `${n.toFixed(3)} ms`
console.log(`sequential, ${SAMPLES} each: /health p50 ${f(health.p50)} p99 ${f(health.p99)}; getSts p50 ${f(sts.p50)} p99 ${f(sts.p99)}`)
console.log(`added by getSts over /health: p50 ${f(sts.p50 - health.p50)}, p99 ${f(sts.p99 - health.p99)}; AssumeRole calls in all: ${fake.count("AssumeRole")}`)
await server.close()
await fake.close()
