import { Buffer } from "node:buffer"
import { randomInt } from "node:crypto"
import type { Socket } from "node:net"
import { BatchRunner, type Turns } from "./_batch_runner.ts"
import * as Protocol from "./_protocol.ts"
import { passwordStep, startupStep, type StartupContext, type StartupStep } from "./_startup.ts"

/** How a bridge sets up one connection. */
export interface ConnectionOptions {
  readonly turns: Turns
  /** PGlite's ParameterStatus messages, told to every client at start-up. */
  readonly parameters: Buffer
  readonly processId: number
  /** False when the connection is beyond maxConnections: it is refused at start-up. */
  readonly admitted: boolean
  /** The password clients must send; none lets them in without one. */
  readonly password: Buffer | undefined
}

// Messages that end a batch: the client waits for output after each (Terminate too, to keep its place in the queue).
const BATCH_ENDS = new Set([
  Protocol.SYNC,
  Protocol.QUERY,
  Protocol.FLUSH,
  Protocol.COPY_DONE,
  Protocol.COPY_FAIL,
  Protocol.TERMINATE
])

/** One client connection: answers its start-up, cuts its messages into batches and hands them to its runner. */
export class Connection {
  readonly #socket: Socket
  readonly #options: ConnectionOptions
  readonly #reader = new Protocol.FrameReader()
  readonly #runner: BatchRunner
  #phase: "startup" | "password" | "ready" | "closed" = "startup"
  readonly #secret = randomInt(0x7fffffff)
  #pending: Array<Buffer> = []
  #onClosed!: () => void
  /** Resolves once the socket is closed, an in-flight batch ended and PGlite was left outside its transaction. */
  readonly closed = new Promise<void>((resolve) => (this.#onClosed = resolve))

  constructor(socket: Socket, options: ConnectionOptions) {
    this.#socket = socket
    this.#options = options
    this.#runner = new BatchRunner(options.turns, {
      write: (output) => {
        if (!this.#isClosed()) socket.write(output)
      },
      close: (reply) => this.#shutDown(reply)
    })
    socket.setNoDelay(true)
    socket.on("data", (chunk: Buffer) => this.#receive(chunk))
    // A reset or a destroyed client: 'close' follows and does the cleaning.
    socket.on("error", () => undefined)
    socket.on("close", () => this.close())
  }

  /** Closes the socket at once; queued batches are dropped, an in-flight one ends first, then PGlite is cleaned. */
  close(): void {
    this.#shutDown(undefined)
    // Also cuts a socket still flushing its last message to a client that does not read it.
    this.#socket.destroy()
  }

  #receive(chunk: Buffer): void {
    if (this.#isClosed()) return
    this.#runner.touch()
    this.#reader.push(chunk)
    try {
      for (let frame = this.#reader.next(); frame !== undefined && !this.#isClosed(); frame = this.#reader.next()) {
        if (this.#phase === "startup") this.#step(startupStep(frame.bytes, this.#context()))
        else if (this.#phase === "password") this.#step(passwordStep(frame.bytes, this.#context()))
        else this.#enqueue(frame)
      }
    } catch (error) {
      if (!(error instanceof Protocol.ProtocolViolation)) throw error
      this.#shutDown(Protocol.errorResponse("FATAL", "08P01", error.message))
    }
  }

  #context(): StartupContext {
    const { admitted, parameters, password, processId } = this.#options
    return { admitted, parameters, password, processId, secret: this.#secret }
  }

  #step(step: StartupStep): void {
    if (step.next === "close") return this.#shutDown(step.reply)
    if (step.reply !== undefined) this.#socket.write(step.reply)
    if (step.next === "startup") return
    // From the StartupMessage on, every message carries a type byte (the PasswordMessage too).
    if (this.#phase === "startup") this.#reader.expectTyped()
    this.#phase = step.next
  }

  #enqueue(frame: Protocol.Frame): void {
    this.#pending.push(frame.bytes)
    if (!BATCH_ENDS.has(frame.type)) return
    this.#runner.push({ bytes: Buffer.concat(this.#pending), end: frame.type })
    this.#pending = []
  }

  // A method, not a field test: the phase changes under callbacks that type narrowing cannot see.
  #isClosed(): boolean {
    return this.#phase === "closed"
  }

  // Sends a last message, if any, then closes.
  #shutDown(reply: Buffer | undefined): void {
    if (this.#isClosed()) return
    this.#phase = "closed"
    this.#pending = []
    const socket = this.#socket
    if (reply !== undefined && socket.writable) socket.end(reply, () => socket.destroy())
    else socket.destroy()
    void this.#runner.stop().then(this.#onClosed)
  }
}
