import type pg from "pg"
import { connect } from "node:net"

/**
 * What one pooled connection is doing. A connection goes back to the pool only when nothing is in flight on it, it
 * is outside a transaction, and no cancel was ever sent to it; otherwise it is retired (closed), so a late cancel or
 * a forgotten transaction can never reach another request's statement (Effect-TS/effect issue 8068).
 */
export interface Session {
  readonly client: pg.PoolClient
  /** Statements sent and not yet answered. */
  pending: number
  /** Resolvers waiting for `pending` to reach zero. */
  readonly idle: Array<() => void>
  /** A statement outlived its drain time after an interruption: cancelled, never to be reused. */
  retired: boolean
  /** The socket failed; pg fails whatever is queued on it. */
  broken: boolean
}

const sessions = new WeakMap<pg.PoolClient, Session>()

/** The session of a pooled client, created (with its error listener) the first time the client is seen. */
export const sessionOf = (client: pg.PoolClient): Session => {
  const known = sessions.get(client)
  if (known !== undefined) return known
  const session: Session = { client, pending: 0, idle: [], retired: false, broken: false }
  // A checked-out client without an error listener would crash the process when its socket fails.
  client.on("error", () => {
    session.broken = true
  })
  sessions.set(client, session)
  return session
}

/** Notes a statement sent on the session; the returned function notes its answer. */
export const begin = (session: Session): () => void => {
  session.pending++
  let answered = false
  return () => {
    if (answered) return
    answered = true
    session.pending--
    if (session.pending === 0) session.idle.splice(0).forEach((resolve) => resolve())
  }
}

/** Whether the session may take another statement. */
export const usable = (session: Session) => !session.retired && !session.broken

/**
 * After an interruption: waits up to `drainMs` for the statements in flight to answer (a short query usually
 * does); if they do not, sends the server a cancel request for this backend and retires the session.
 */
export const settle = async (session: Session, drainMs: number): Promise<void> => {
  if (session.pending === 0 || !usable(session)) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    new Promise<void>((resolve) => session.idle.push(resolve)),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, drainMs)
    })
  ])
  clearTimeout(timer)
  if (session.pending > 0 && usable(session)) {
    session.retired = true
    sendCancelRequest(session.client)
  }
}

/** Gives the client back to the pool when it is clean, else closes it (the server rolls back what it held open). */
export const release = (session: Session) => {
  const clean = usable(session) && session.pending === 0 && session.client.getTransactionStatus() === "I"
  session.client.release(clean ? undefined : true)
}

interface BackendKey {
  readonly processID?: number | null
  readonly secretKey?: number | null
  readonly host?: string
  readonly port?: number
}

// The protocol's CancelRequest names the backend by pid and secret key, so it can only ever reach the statement of
// this retired session (a reused pid has another key); pg_cancel_backend(pid) from a pooled connection could not.
const sendCancelRequest = (client: pg.PoolClient) => {
  const { host, port, processID, secretKey } = client as unknown as BackendKey
  if (processID == null || secretKey == null || host === undefined || port === undefined) return
  const socket = host.startsWith("/") ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host)
  socket.on("error", () => socket.destroy())
  socket.setTimeout(2_000, () => socket.destroy())
  socket.on("connect", () => {
    const request = Buffer.alloc(16)
    request.writeInt32BE(16, 0)
    request.writeInt32BE(80877102, 4)
    request.writeInt32BE(processID, 8)
    request.writeInt32BE(secretKey, 12)
    socket.end(request)
  })
}
