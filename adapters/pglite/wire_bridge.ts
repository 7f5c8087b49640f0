import { Buffer } from "node:buffer"
import { createServer, type AddressInfo } from "node:net"
import type { BatchRunner, Turns } from "./_batch_runner.ts"
import { Connection } from "./_connection.ts"
import type { Engine } from "./_engine.ts"
import { FairLock } from "./_fair_lock.ts"
import { captureParameters } from "./_startup.ts"

export type { Engine }

/** Limits of a {@link startWireBridge} bridge. */
export interface WireBridgeOptions {
  /** Most simultaneous client connections; one more is refused with SQLSTATE 53300. 16 when not given. */
  readonly maxConnections?: number | undefined
  /** Milliseconds a client may idle in a transaction while another waits, then it is closed (25P03). 60 s default. */
  readonly idleInTransactionTimeout?: number | undefined
  /** Told about failures no client can be told about (a rollback after a disconnect failed, PGlite threw). */
  readonly warn?: ((message: string, cause: unknown) => void) | undefined
  /** The password every client must send (any other process of the machine can reach 127.0.0.1); none when not given. */
  readonly password?: string | undefined
}

/** A running bridge: its port on 127.0.0.1, and how to stop it. */
export interface WireBridge {
  readonly port: number
  /** Stops listening, closes every connection and resolves once their in-flight batches ended. */
  readonly stop: () => Promise<void>
}

/**
 * Serves PGlite's one session over the PostgreSQL wire protocol on 127.0.0.1, on a port the OS picks. Connections take
 * turns: a batch runs whole, and a connection inside a transaction keeps PGlite until the transaction ends.
 */
export const startWireBridge = async (engine: Engine, options: WireBridgeOptions = {}): Promise<WireBridge> => {
  const maxConnections = options.maxConnections ?? 16
  const parameters = await captureParameters(engine)
  const turns: Turns = {
    engine,
    lock: new FairLock<BatchRunner>((holder) => holder.contended()),
    idleInTransactionTimeout: options.idleInTransactionTimeout ?? 60_000,
    warn: options.warn ?? (() => undefined)
  }
  const password = options.password === undefined ? undefined : Buffer.from(options.password, "utf8")
  const connections = new Set<Connection>()
  let admitted = 0
  let processId = 0
  const server = createServer((socket) => {
    const admit = admitted < maxConnections
    const connection = new Connection(socket, { turns, parameters, processId: ++processId, admitted: admit, password })
    connections.add(connection)
    void connection.closed.then(() => connections.delete(connection))
    if (!admit) return
    // The slot frees with the socket, not after the clean-up: a pool that reconnects at once must not be refused.
    admitted++
    socket.once("close", () => admitted--)
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject)
      server.on("error", (cause) => turns.warn("PGlite bridge server failed", cause))
      resolve()
    })
  })
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      const closing = [...connections].map((connection) => connection.closed)
      for (const connection of connections) connection.close()
      await Promise.all([...closing, stopped])
    }
  }
}
