import { HttpServerRequest } from "@effect/platform"
import { Effect, Option, Redacted } from "effect"
import type { UserId } from "../../../core/domain/user.ts"
import { SessionCache } from "../../../core/caches/session_cache.ts"
import { TOKEN } from "./authentication.ts"


const tokenOf = (request: HttpServerRequest.HttpServerRequest): Option.Option<string> => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1]
  const mark = request.url.indexOf("?")
  const query = mark === -1 ? undefined : new URLSearchParams(request.url.slice(mark + 1)).get("token")
  return Option.filter(Option.fromNullable(bearer ?? query ?? undefined), (token) => TOKEN.test(token.trim()))
}

/**
 * The caller of an endpoint that needs no token but lets an owner see more with one (the play calls): the token's
 * user, or None without a token or with one that is not (or no longer) valid, which then counts as no token.
 */
export const optionalCaller: Effect.Effect<Option.Option<UserId>, never, HttpServerRequest.HttpServerRequest | SessionCache> =
  Effect.gen(function*() {
    const token = tokenOf(yield* HttpServerRequest.HttpServerRequest)
    if (Option.isNone(token)) return Option.none()
    const sessions = yield* SessionCache
    return yield* sessions.authenticate(Redacted.make(token.value.trim())).pipe(
      Effect.map((user) => Option.some(user.userId)),
      Effect.orElseSucceed(() => Option.none<UserId>())
    )
  })
