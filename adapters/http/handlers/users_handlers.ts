import { HttpApiBuilder, HttpServerRequest } from "@effect/platform"
import { Effect, Option, Redacted } from "effect"
import type { User } from "../../../core/domain/user.ts"
import { authenticate } from "../../../core/use_cases/users/authenticate.ts"
import { loginUser, type LoginInput } from "../../../core/use_cases/users/login_user.ts"
import { randomUser } from "../../../core/use_cases/users/random_user.ts"
import { registerUser, type RegisterInput } from "../../../core/use_cases/users/register_user.ts"
import { revokeToken } from "../../../core/use_cases/users/revoke_token.ts"
import { updateNickname } from "../../../core/use_cases/users/update_nickname.ts"
import { Api } from "../contract/api.ts"
import { clientKey } from "../middleware/client_key.ts"
import { ok } from "../wire/envelope.ts"
import { handlerGroup } from "./handler_group.ts"
import { HttpSettings } from "../http_settings.ts"
import { Authentication, CurrentUser } from "../middleware/security.ts"
import { formatWireTime } from "../wire/wire_time.ts"
import { completeWrite } from "../middleware/writes.ts"

const profile = (user: User) => ({ userId: user.userId, nickName: user.nickname, avatarUrl: user.avatarUrl })

/**
 * The token the request authenticated with. The Authentication middleware tries the bearer header, then the `token`
 * parameter, and takes the first that authenticates; the same order finds the same token.
 */
const presentedToken = Effect.gen(function*() {
  const caller = yield* CurrentUser
  for (const security of [Authentication.security.bearer, Authentication.security.token]) {
    const value = Redacted.value(yield* HttpApiBuilder.securityDecode(security)).trim()
    if (value === "") continue
    const token = Redacted.make(value)
    const user = yield* Effect.option(authenticate(token))
    if (Option.isSome(user) && user.value.userId === caller.userId) return Option.some(token)
  }
  return Option.none<Redacted.Redacted<string>>()
})

/** Handlers of the "user" group. */
export const layer = handlerGroup(Api, "user", (handlers) =>
  Effect.gen(function*() {
    const settings = yield* HttpSettings
    const { timeZone } = settings
    const address = Effect.map(HttpServerRequest.HttpServerRequest, (request) => clientKey(request, settings))

    const register = (params: Omit<RegisterInput, "clientAddress">) =>
      Effect.flatMap(address, (clientAddress) => registerUser({ ...params, clientAddress })).pipe(
        Effect.flatMap((user) => ok(profile(user)))
      )

    const login = (params: Omit<LoginInput, "clientAddress">) =>
      Effect.flatMap(address, (clientAddress) => loginUser({ ...params, clientAddress })).pipe(
        Effect.flatMap(({ token, user }) => ok({ token: Redacted.value(token), ...profile(user) }))
      )

    return handlers
      .handle("registerGet", ({ urlParams }) => register(urlParams))
      .handle("register", ({ urlParams }) => register(urlParams))
      .handle("loginGet", ({ urlParams }) => login(urlParams))
      .handle("login", ({ urlParams }) => login(urlParams))
      .handle("randomUser", () =>
        Effect.flatMap(address, (clientAddress) => completeWrite(randomUser({ clientAddress }))).pipe(
          Effect.flatMap(({ token, user }) =>
            ok({
              id: user.userId,
              token: Redacted.value(token),
              ...profile(user),
              avatar: user.avatarUrl,
              gmtCreate: formatWireTime(user.createdAt, timeZone),
              gmtModified: Option.match(user.modifiedAt, { onNone: () => "", onSome: (t) => formatWireTime(t, timeZone) })
            })
          )
        ))
      .handle("updateUser", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (caller) =>
          completeWrite(updateNickname({ caller, ...urlParams })).pipe(
            Effect.flatMap(() => ok(null, "修改完成！"))
          )))
      // Revoking advances the users version, so no session cache (this server's at once, others' within 100 ms)
      // serves the token again. A token revoked meanwhile by another request has nothing left to end.
      .handle("logout", () =>
        presentedToken.pipe(
          Effect.flatMap(Option.match({ onNone: () => Effect.void, onSome: (token) => completeWrite(revokeToken(token)) })),
          Effect.flatMap(() => ok(null))
        ))
  }))
