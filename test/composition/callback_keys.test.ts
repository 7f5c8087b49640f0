import { HttpServer } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Effect, Layer, Logger, Redacted } from "effect"
import { createServer } from "node:net"
import { lstat, readdir } from "node:fs/promises"
import { join } from "node:path"
import { callbackKeys } from "../../composition/callback_keys.ts"
import { serverRoot } from "../../composition/server_root.ts"
import { scopedTempDir } from "../fakes/temp_dir.ts"

const KEY = Redacted.make("configured-key")

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer().once("error", fail).listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })

describe("callbackKeys()", () => {
  it.effect("uses the configured keys, for either media", () =>
    Effect.gen(function*() {
      for (const media of ["aliyun", "local"] as const) {
        expect((yield* callbackKeys({ keys: [KEY], allowUnsigned: true, media })).keys).toEqual([KEY])
      }
    }))

  it.effect("refuses Alibaba Cloud media without a key, naming QU_CALLBACK_KEY, even when unsigned is allowed", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(callbackKeys({ keys: [], allowUnsigned: true, media: "aliyun" }))
      expect(error._tag).toBe("MissingCallbackKey")
      expect(error.message).toMatch(/^QU_CALLBACK_KEY is required/)
    }))

  it.effect("makes a fresh random key for the local emulator, unless unsigned callbacks are explicitly allowed", () =>
    Effect.gen(function*() {
      const one = yield* callbackKeys({ keys: [], allowUnsigned: false, media: "local" })
      const two = yield* callbackKeys({ keys: [], allowUnsigned: false, media: "local" })
      expect(one.keys).toHaveLength(1)
      expect(Redacted.value(one.keys[0]!).length).toBeGreaterThanOrEqual(32)
      expect(Redacted.value(one.keys[0]!)).not.toBe(Redacted.value(two.keys[0]!))
      const unsigned = yield* callbackKeys({ keys: [], allowUnsigned: true, media: "local" })
      expect(unsigned.keys).toEqual([])
      const said: Array<string> = []
      const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => said.push(String(message))))
      yield* Effect.provide(Effect.zipRight(one.announce, unsigned.announce), capture)
      expect(said).toEqual([
        expect.stringContaining("unsigned posts are refused"),
        "callbacks: UNSIGNED callbacks are accepted (QU_CALLBACK_UNSIGNED=allow)"
      ])
    }))
})

const environment = (entries: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

const EVENT = JSON.stringify({
  EventType: "SnapshotComplete",
  VideoId: "0123456789abcdef0123456789abcdef",
  Status: "success",
  CoverUrl: "https://attacker.test/cover.jpg",
  EventTime: "2020-01-01T00:00:00Z"
})

describe("The server root and VOD callbacks", () => {
  it.effect("does not start with Alibaba Cloud media and no QU_CALLBACK_KEY", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Effect.scoped(Layer.build(serverRoot)))
      expect(exit._tag).toBe("Failure")
      expect(exit._tag === "Failure" && Cause.pretty(exit.cause)).toContain("QU_CALLBACK_KEY is required")
    }).pipe(Effect.provide(environment({
      ALIYUN_ACCESS_KEY_ID: "LTAI-test",
      ALIYUN_ACCESS_KEY_SECRET: "secret",
      ALIYUN_STS_ROLE_ARN: "acs:ram::1234567890123456:role/qu-upload"
    }))))

  it.scopedLive("in local mode refuses an unsigned callback by default, and keeps its data directory private", () =>
    Effect.gen(function*() {
      const dir = yield* scopedTempDir("qu-callback-root-")
      const port = yield* Effect.promise(freePort)
      const context = yield* Layer.build(serverRoot.pipe(
        Layer.provide(environment({ QU_DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1", QU_LOCAL_AUTOPROCESS: "off" }))
      ))
      yield* Effect.provide(HttpServer.HttpServer, context)
      const answer = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${port}/vodcallback/callback`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: EVENT
        })
      )
      expect(answer.status).not.toBe(200)
      // The embedded database's files (PGlite creates some 0666) are this user's alone once the server is up.
      const open = yield* Effect.promise(async () => {
        const found: Array<string> = []
        const walk = async (path: string): Promise<void> => {
          const info = await lstat(path)
          if ((info.mode & 0o077) !== 0) found.push(`${(info.mode & 0o777).toString(8)} ${path}`)
          if (info.isDirectory()) for (const entry of await readdir(path)) await walk(join(path, entry))
        }
        await walk(dir)
        return found
      })
      expect(open.filter((line) => !line.endsWith(` ${dir}`))).toEqual([])
    }), { timeout: 60_000 })
})
