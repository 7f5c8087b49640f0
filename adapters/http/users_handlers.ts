import { HttpApiBuilder } from "@effect/platform"
import { Effect, Option, Redacted } from "effect"
import type { User } from "../../core/domain/user.ts"
import { loginUser, type LoginInput } from "../../core/use_cases/login_user.ts"
import { randomUser } from "../../core/use_cases/random_user.ts"
import { registerUser, type RegisterInput } from "../../core/use_cases/register_user.ts"
import { updateNickname } from "../../core/use_cases/update_nickname.ts"
import { Api } from "./contract/api.ts"
import { ok } from "./envelope.ts"
import { mapDomainErrors } from "./error_codes.ts"
import { HttpSettings } from "./http_settings.ts"
import { CurrentUser } from "./security.ts"
import { formatWireTime } from "./wire_time.ts"
import { completeWrite } from "./writes.ts"

const profile = (user: User) => ({ userId: user.userId, nickName: user.nickname, avatarUrl: user.avatarUrl })

const register = (input: RegisterInput) =>
  registerUser(input).pipe(Effect.flatMap((user) => ok(profile(user))), mapDomainErrors)

const login = (input: LoginInput) =>
  loginUser(input).pipe(
    Effect.flatMap(({ token, user }) => ok({ token: Redacted.value(token), ...profile(user) })),
    mapDomainErrors
  )

/** Handlers of the "user" group. */
export const layer = HttpApiBuilder.group(Api, "user", (handlers) =>
  Effect.gen(function*() {
    const { timeZone } = yield* HttpSettings
    return handlers
      .handle("registerGet", ({ urlParams }) => register(urlParams))
      .handle("register", ({ urlParams }) => register(urlParams))
      .handle("loginGet", ({ urlParams }) => login(urlParams))
      .handle("login", ({ urlParams }) => login(urlParams))
      .handle("randomUser", () =>
        completeWrite(randomUser()).pipe(
          Effect.flatMap(({ token, user }) =>
            ok({
              id: user.userId,
              token: Redacted.value(token),
              ...profile(user),
              avatar: user.avatarUrl,
              gmtCreate: formatWireTime(user.createdAt, timeZone),
              gmtModified: Option.match(user.modifiedAt, { onNone: () => "", onSome: (t) => formatWireTime(t, timeZone) })
            })
          ),
          mapDomainErrors
        ))
      .handle("updateUser", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (caller) =>
          completeWrite(updateNickname({ caller, ...urlParams })).pipe(
            Effect.flatMap(() => ok(null, "修改完成！")),
            mapDomainErrors
          )))
  }))
