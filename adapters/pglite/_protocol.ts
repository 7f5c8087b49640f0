import { Buffer } from "node:buffer"

/** Codes of the untyped packets a client sends before its first typed message (PostgreSQL protocol 3). */
export const SSL_REQUEST = 80877103
export const GSSENC_REQUEST = 80877104
export const CANCEL_REQUEST = 80877102

/** Type bytes of the frontend and backend messages the bridge looks at. */
export const SYNC = 0x53 // 'S'
export const QUERY = 0x51 // 'Q'
export const FLUSH = 0x48 // 'H'
export const TERMINATE = 0x58 // 'X'
export const COPY_DONE = 0x63 // 'c'
export const COPY_FAIL = 0x66 // 'f'
export const READY_FOR_QUERY = 0x5a // 'Z'
export const PARAMETER_STATUS = 0x53 // 'S' (backend)
export const IDLE = 0x49 // 'I', the ReadyForQuery status outside a transaction block

// PostgreSQL's own limits: MAX_STARTUP_PACKET_LENGTH and PQ_LARGE_MESSAGE_LIMIT.
const MAX_STARTUP_LENGTH = 10_000
const MAX_MESSAGE_LENGTH = 0x3fffffff

/** A frontend message: its type byte (0 for the untyped start-up packets) and all its bytes, header included. */
export interface Frame {
  readonly type: number
  readonly bytes: Buffer
}

/** The client broke the framing rules; its connection cannot continue. */
export class ProtocolViolation extends Error {}

/** Cuts one connection's byte stream into messages, however TCP split or merged them. */
export class FrameReader {
  #chunks: Array<Buffer> = []
  #length = 0
  #typed = false

  /** From the StartupMessage on, every message starts with a type byte. */
  expectTyped(): void {
    this.#typed = true
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk)
    this.#length += chunk.length
  }

  /** The next complete message, or undefined until more bytes arrive. */
  next(): Frame | undefined {
    const head = this.#typed ? 5 : 4
    if (this.#length < head) return undefined
    if (this.#chunks[0]!.length < head) this.#merge()
    const first = this.#chunks[0]!
    const length = first.readInt32BE(head - 4)
    const valid = this.#typed
      ? length >= 4 && length <= MAX_MESSAGE_LENGTH
      : length >= 8 && length <= MAX_STARTUP_LENGTH
    if (!valid) throw new ProtocolViolation(`invalid message length ${length}`)
    // PGlite would take a message of type 0 for a start-up packet.
    if (this.#typed && first[0] === 0) throw new ProtocolViolation("invalid message type 0")
    const size = head - 4 + length
    if (this.#length < size) return undefined
    if (first.length < size) this.#merge()
    const merged = this.#chunks[0]!
    const bytes = merged.subarray(0, size)
    if (merged.length === size) this.#chunks.shift()
    else this.#chunks[0] = merged.subarray(size)
    this.#length -= size
    return { type: this.#typed ? bytes[0]! : 0, bytes }
  }

  #merge(): void {
    this.#chunks = [Buffer.concat(this.#chunks, this.#length)]
  }
}

const message = (type: string, body: Buffer): Buffer => {
  const header = Buffer.alloc(5)
  header.write(type, 0, "latin1")
  header.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}

const int32s = (...values: Array<number>): Buffer => {
  const body = Buffer.alloc(values.length * 4)
  values.forEach((value, i) => body.writeInt32BE(value | 0, i * 4))
  return body
}

/** AuthenticationCleartextPassword: the client must send its password (a PasswordMessage). */
export const authenticationCleartextPassword = (): Buffer => message("R", int32s(3))

/** PasswordMessage, the frontend's answer to an authentication request. */
export const PASSWORD_MESSAGE = 0x70 // 'p'

/** AuthenticationOk: the client is in. */
export const authenticationOk = (): Buffer => message("R", int32s(0))

/** BackendKeyData: the key a client would quote in a CancelRequest. */
export const backendKeyData = (processId: number, secret: number): Buffer => message("K", int32s(processId, secret))

/** NegotiateProtocolVersion: we speak minor version 0 only, and no protocol options. */
export const negotiateProtocolVersion = (): Buffer => message("v", int32s(3 << 16, 0))

/** ReadyForQuery with the given status byte. */
export const readyForQuery = (status: number): Buffer => message("Z", Buffer.from([status]))

/** A simple Query message. */
export const query = (sql: string): Buffer => message("Q", Buffer.from(`${sql}\0`, "utf8"))

/** A Sync message. */
export const sync = (): Buffer => message("S", Buffer.alloc(0))

/** An ErrorResponse with the fields clients show: severity, SQLSTATE and text. */
export const errorResponse = (severity: "ERROR" | "FATAL", code: string, text: string): Buffer =>
  message("E", Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${text}\0\0`, "utf8"))

/** Walks the backend messages in `output`, calling `visit` with each one's type, body and whole bytes. */
export const eachMessage = (output: Buffer, visit: (type: number, body: Buffer, whole: Buffer) => void): void => {
  for (let at = 0; at + 5 <= output.length;) {
    const end = at + 1 + output.readInt32BE(at + 1)
    visit(output[at]!, output.subarray(at + 5, end), output.subarray(at, end))
    at = end
  }
}

/** The status byte of the last ReadyForQuery in `output` ('I', 'T' or 'E'), or undefined when it has none. */
export const lastReadyStatus = (output: Buffer): number | undefined => {
  let status: number | undefined
  eachMessage(output, (type, body) => {
    if (type === READY_FOR_QUERY) status = body[0]
  })
  return status
}
