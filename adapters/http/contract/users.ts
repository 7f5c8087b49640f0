import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Nickname, Password, UserId, Username } from "../../../core/domain/user.ts"
import { ApiFailure, Envelope } from "../wire/envelope.ts"
import { Authentication } from "../middleware/security.ts"
import { TextParamOf, UrlParams } from "./params.ts"

const Credentials = UrlParams({
  username: TextParamOf("username", Username),
  password: TextParamOf("password", Password)
})

const RegisterData = Schema.Struct({ userId: Schema.String, nickName: Schema.String, avatarUrl: Schema.String })
const LoginData = Schema.Struct({
  token: Schema.String,
  userId: Schema.String,
  nickName: Schema.String,
  avatarUrl: Schema.String
})
const RandomUserData = Schema.Struct({
  id: Schema.String,
  userId: Schema.String,
  token: Schema.String,
  nickName: Schema.String,
  avatarUrl: Schema.String,
  avatar: Schema.String,
  gmtCreate: Schema.String,
  gmtModified: Schema.String
})

/**
 * Users and tokens (contract "Users"). register and login answer GET and POST alike; logout ends the session of the
 * token it is called with.
 */
export class UsersGroup extends HttpApiGroup.make("user")
  .add(HttpApiEndpoint.get("registerGet", "/user/register").setUrlParams(Credentials).addSuccess(Envelope(RegisterData)))
  .add(HttpApiEndpoint.post("register", "/user/register").setUrlParams(Credentials).addSuccess(Envelope(RegisterData)))
  .add(HttpApiEndpoint.get("loginGet", "/user/login").setUrlParams(Credentials).addSuccess(Envelope(LoginData)))
  .add(HttpApiEndpoint.post("login", "/user/login").setUrlParams(Credentials).addSuccess(Envelope(LoginData)))
  .add(HttpApiEndpoint.get("randomUser", "/user/randomUser").addSuccess(Envelope(RandomUserData)))
  .add(
    HttpApiEndpoint.post("updateUser", "/user/updateUser")
      .setUrlParams(UrlParams({ userId: UserId, nickname: TextParamOf("nickname", Nickname) }))
      .addSuccess(Envelope(Schema.Null))
      .middleware(Authentication)
  )
  .add(
    HttpApiEndpoint.post("logout", "/user/logout")
      .addSuccess(Envelope(Schema.Null))
      .middleware(Authentication)
  )
  .addError(ApiFailure)
  .annotate(OpenApi.Description, "Parameters may come from the query, a form body or a JSON body.")
{}
