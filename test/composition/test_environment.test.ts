import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { serverConfigFrom } from "../../composition/config.ts"
import { TEST_ENVIRONMENT } from "../../composition/test_root.ts"

describe("the test servers' configuration", () => {
  it("is the production configuration with the per-address limits and the demo rate raised, and a 50 ms job poll", () => {
    const production = serverConfigFrom({})
    const test = serverConfigFrom(TEST_ENVIRONMENT)
    const raised = { max: 1_000_000, window: Duration.minutes(1) }
    expect(test.throttles).toEqual({
      loginPerUsername: raised,
      loginPerAddress: raised,
      registerPerAddress: raised,
      randomUserPerAddress: raised
    })
    expect(test.demoRatePerMinute).toBe(1_000_000)
    expect(test.jobWorkerIdle).toEqual(Duration.millis(50))
    expect(test.host).toBe("127.0.0.1")
    const { demoRatePerMinute, host, jobWorkerIdle, throttles, ...rest } = test
    const { demoRatePerMinute: _d, host: _h, jobWorkerIdle: _j, throttles: _t, ...same } = production
    expect(rest).toEqual(same)
    expect(rest.publicUrl).toBe("http://localhost:8080")
    expect(rest.callback.url).toBe("http://localhost:8080/vodcallback/callback")
  })

  it("follows a test's own public URL through what derives from it", () => {
    const config = serverConfigFrom({ ...TEST_ENVIRONMENT, QU_PUBLIC_URL: "http://10.0.0.2:9000/" })
    expect(config.assetBaseUrl).toBe("http://10.0.0.2:9000/assets/")
    expect(config.callback.url).toBe("http://10.0.0.2:9000/vodcallback/callback")
  })
})
