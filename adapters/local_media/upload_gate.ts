import { DateTime, Effect, Option } from "effect"
import { createHash } from "node:crypto"
import { type LocalCredentials, randomCredentials } from "./formats.ts"
import type { LocalMediaRecords } from "./media_records.ts"
import type { UploadGate } from "./object_routes.ts"

type Records = LocalMediaRecords["Type"]

/** Grants are found by the SHA-256 of their security token, so the tokens themselves are kept nowhere. */
const tokenHash = (token: string) => createHash("sha256").update(token, "utf8").digest("hex")

/** New credentials allowed to write `key` for `ttlSeconds`. */
export const issueGrant = (records: Records, key: string, ttlSeconds: number) =>
  Effect.gen(function*() {
    const now = yield* DateTime.now
    const credentials: LocalCredentials = randomCredentials()
    const expiresAt = DateTime.add(now, { seconds: ttlSeconds })
    yield* records.addGrant(tokenHash(credentials.securityToken), {
      key,
      expiresAt,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret
    }, now)
    return { credentials, expiresAt }
  })

/** The upload gate of the object routes over the emulator's records. */
export const makeUploadGate = (records: Records): UploadGate => ({
  authorize: (key, securityToken) =>
    Effect.gen(function*() {
      const state = yield* records.keyState(key)
      if (state === "unknown") return { verdict: "unknown" } as const
      // A published video's file is what its moderation saw: it cannot be replaced (issue 11).
      if (state === "sealed") return { verdict: "forbidden" } as const
      const now = yield* DateTime.now
      const grant = Option.filter(
        Option.isSome(securityToken) ? yield* records.findGrant(tokenHash(securityToken.value)) : Option.none(),
        (g) => g.key === key && DateTime.lessThan(now, g.expiresAt)
      )
      return Option.match(grant, {
        onNone: () => ({ verdict: "forbidden" }) as const,
        onSome: (g) => ({ verdict: "allowed", keyPair: { accessKeyId: g.accessKeyId, accessKeySecret: g.accessKeySecret } }) as const
      })
    }),
  completed: (key) => Effect.flatMap(DateTime.now, (now) => records.markUploaded(key, now))
})
