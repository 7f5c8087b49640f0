import { Effect, Exit, Redacted, Scope } from "effect"
import { connect, createServer, type Server, type Socket } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launch } from "../../adapters/pglite/launcher.ts"
import { postgresDatabase } from "../../composition/databases.ts"
import { startTestServer, type TestServer } from "../../composition/test_root.ts"

/** A TCP proxy to the database that the test can cut (every connection reset, new ones refused) and restore. */
const cuttableProxy = async (target: URL) => {
  const sockets = new Set<Socket>()
  let up = true
  const server: Server = createServer((client) => {
    if (!up) return client.destroy()
    const upstream = connect(Number(target.port), target.hostname)
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(a)
      a.on("close", () => sockets.delete(a))
      a.on("error", () => b.destroy())
      a.pipe(b)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: Object.assign(new URL(target.toString()), { port: String(port) }).toString(),
    cut: () => {
      up = false
      for (const socket of sockets) socket.destroy()
    },
    restore: () => {
      up = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe("HTTP while the real database goes away and comes back", () => {
  const scope = Effect.runSync(Scope.make())
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>
  let server: TestServer
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`)
    return { status: response.status, json: await response.json() as any }
  }
  beforeAll(async () => {
    const url = await Effect.runPromise(Scope.extend(launch(), scope))
    proxy = await cuttableProxy(new URL(Redacted.value(url)))
    server = await startTestServer({
      database: postgresDatabase({ url: Redacted.make(proxy.url), poolSize: 2 }),
      jobWorkerIdle: null
    })
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await proxy?.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it("answers 503 (the callback HTTP 503, /ready 503, /health 200) while cut, and 200 again once restored", async () => {
    const user = await get("/user/randomUser")
    expect(user.json.code).toBe("200")
    const list = `/vod/getPersonalVideoList?token=${user.json.data.token}&pageIndex=1&pageSize=10`

    proxy.cut()
    const during = await get(list)
    expect([during.status, during.json.code, during.json.message]).toEqual([200, "503", "The database is unavailable; retry shortly"])
    const ready = await get("/ready")
    expect([ready.status, ready.json]).toEqual([503, { status: "unavailable" }])
    expect((await get("/health")).status).toBe(200)
    const callback = await fetch(`${server.url}/vodcallback/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ EventType: "FileUploadComplete", EventTime: "2020-01-01T00:00:00Z", VideoId: "e".repeat(32) })
    })
    expect(callback.status).toBe(503)
    expect(server.logs.filter((line) => JSON.parse(line).logLevel === "ERROR")).toEqual([])

    proxy.restore()
    const after = await get(list)
    expect([after.json.code, after.json.data?.total]).toEqual(["200", 0])
    expect((await get("/ready")).status).toBe(200)
  }, 60_000)
})
