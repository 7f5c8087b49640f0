import { Effect, Option } from "effect"
import type { UserId } from "../../domain/user.ts"
import { type AdminUser, UserRepository } from "../../ports/user_repository.ts"
import { checkLimit, MAX_ADMIN_PAGE } from "./page_limit.ts"

/** Input of {@link listUsers}. */
export interface AdminUserListInput {
  /** A substring of the username or nickname (case-sensitive). */
  readonly search: Option.Option<string>
  readonly disabled: Option.Option<boolean>
  /** Only users with an id below this one (the `next` of the previous page). */
  readonly before: Option.Option<UserId>
  readonly limit: number
}

/** A page of the admin user list, and the cursor of the next page (none after the last). */
export interface AdminUserPage {
  readonly items: ReadonlyArray<AdminUser>
  readonly next: Option.Option<UserId>
}

/** Users, newest first, with when they were disabled; filtered by a name substring and by disabled or not. */
export const listUsers = Effect.fn("admin.listUsers")(function*(input: AdminUserListInput) {
  const limit = yield* checkLimit("limit", input.limit, MAX_ADMIN_PAGE)
  const search = Option.filter(input.search, (s) => s !== "")
  const items = yield* (yield* UserRepository).list({ search, disabled: input.disabled }, { before: input.before, limit })
  const next = items.length === limit ? Option.fromNullable(items.at(-1)?.user.userId) : Option.none()
  return { items, next } satisfies AdminUserPage
})
