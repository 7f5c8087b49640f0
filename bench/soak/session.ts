/** Username and password of a registered user. */
export type Credentials = { readonly username: string; readonly password: string }

/** Who a signed-in user is, as the server told it. */
export interface Session {
  readonly userId: string
  token: string
  /** Set for registered users (they can log in again); undefined for /user/randomUser ones. */
  readonly credentials: Credentials | undefined
  /** The last acknowledged nickname. */
  nickname: string
  /** Nicknames sent without a known outcome: the server may have applied any of them. */
  readonly pendingNicknames: Set<string>
}

/** Whether a list or login may show `name` as the user's nickname. */
export const nicknameFits = (session: Session, name: unknown) =>
  name === session.nickname || (typeof name === "string" && session.pendingNicknames.has(name))
