import { Buffer } from "node:buffer"
import { timingSafeEqual } from "node:crypto"
import { execute, type Engine } from "./_engine.ts"
import {
  authenticationCleartextPassword,
  authenticationOk,
  backendKeyData,
  CANCEL_REQUEST,
  eachMessage,
  errorResponse,
  GSSENC_REQUEST,
  IDLE,
  negotiateProtocolVersion,
  PARAMETER_STATUS,
  PASSWORD_MESSAGE,
  readyForQuery,
  SSL_REQUEST
} from "./_protocol.ts"

/** How a connection answers one start-up packet, and what it does next. */
export interface StartupStep {
  readonly reply: Buffer | undefined
  readonly next: "startup" | "password" | "ready" | "close"
}

/** What a connection knows when its start-up packet arrives. */
export interface StartupContext {
  /** PGlite's ParameterStatus messages, from {@link captureParameters}. */
  readonly parameters: Buffer
  /** False when the connection is beyond maxConnections. */
  readonly admitted: boolean
  readonly processId: number
  readonly secret: number
  /** The password every client must send; none: clients are let in without one (tests of the bridge itself). */
  readonly password: Buffer | undefined
}

const startupMessage = (fields: Record<string, string>): Buffer => {
  const pairs = Object.entries(fields).map(([key, value]) => `${key}\0${value}\0`).join("")
  const body = Buffer.from(`\0\0\0\0${pairs}\0`, "utf8")
  body.writeInt32BE(3 << 16, 0)
  const length = Buffer.alloc(4)
  length.writeInt32BE(body.length + 4, 0)
  return Buffer.concat([length, body])
}

/**
 * PGlite's own ParameterStatus messages (server_version, client_encoding, DateStyle …), taken once from its answer to
 * a StartupMessage, so every client hears what the session really uses without touching the session again.
 */
export const captureParameters = async (engine: Engine): Promise<Buffer> => {
  const answer = await execute(engine, startupMessage({ user: "postgres", database: "postgres" }))
  const parameters: Array<Buffer> = []
  eachMessage(answer, (type, _body, whole) => {
    if (type === PARAMETER_STATUS) parameters.push(whole)
  })
  return Buffer.concat(parameters)
}

const welcome = (code: number, context: StartupContext): Buffer =>
  Buffer.concat([
    ...((code & 0xffff) === 0 ? [] : [negotiateProtocolVersion()]),
    authenticationOk(),
    context.parameters,
    backendKeyData(context.processId, context.secret),
    readyForQuery(IDLE)
  ])

/**
 * Answers one packet of a connection's start-up: SSL and GSS encryption are declined, a CancelRequest is dropped
 * (nothing runs on a backend of its own to cancel), a StartupMessage is answered with a password request (or let in
 * when the bridge has no password). The password travels in clear: the bridge listens on 127.0.0.1 only.
 */
export const startupStep = (packet: Buffer, context: StartupContext): StartupStep => {
  const code = packet.readInt32BE(4)
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { reply: Buffer.from("N"), next: "startup" }
  if (code === CANCEL_REQUEST) return { reply: undefined, next: "close" }
  if (code >>> 16 !== 3) {
    const text = `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0`
    return { reply: errorResponse("FATAL", "0A000", text), next: "close" }
  }
  if (!context.admitted) {
    return { reply: errorResponse("FATAL", "53300", "sorry, too many clients already"), next: "close" }
  }
  if (context.password !== undefined) {
    return {
      reply: Buffer.concat([...((code & 0xffff) === 0 ? [] : [negotiateProtocolVersion()]), authenticationCleartextPassword()]),
      next: "password"
    }
  }
  return { reply: welcome(3 << 16, context), next: "ready" }
}

const passwordFailed = errorResponse("FATAL", "28P01", "password authentication failed for user \"postgres\"")

/**
 * Checks the PasswordMessage that answers the password request, in constant time: the right one lets the client in,
 * anything else closes the connection with SQLSTATE 28P01 (which names no password).
 */
export const passwordStep = (message: Buffer, context: StartupContext): StartupStep => {
  if (message[0] !== PASSWORD_MESSAGE || context.password === undefined) return { reply: passwordFailed, next: "close" }
  // Type byte, length, the password, its terminating NUL.
  const given = message.subarray(5, message.length - 1)
  const expected = context.password
  const matches = given.length === expected.length && timingSafeEqual(given, expected) && message[message.length - 1] === 0
  return matches ? { reply: welcome(3 << 16, context), next: "ready" } : { reply: passwordFailed, next: "close" }
}
