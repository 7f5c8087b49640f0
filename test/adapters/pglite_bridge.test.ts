import { PGlite } from "@electric-sql/pglite"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Buffer } from "node:buffer"
import { type AddressInfo, connect, createServer } from "node:net"
import pg from "pg"
import { type Engine, startWireBridge, type WireBridge } from "../../adapters/pglite/wire_bridge.ts"
import { seeded } from "../contracts/_fixtures.ts"

/** Bounds a wait, so that a regression fails the test instead of hanging it. */
const within = <A>(ms: number, promise: Promise<A>, what: string): Promise<A> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())
  ])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const sqlState = (error: unknown) => (error as { code?: string }).code
const config = (port: number) => ({ host: "127.0.0.1", port, user: "postgres", database: "postgres" })

const cstring = (text: string) => Buffer.from(`${text}\0`, "utf8")
const int = (bytes: 2 | 4, value: number) => {
  const buffer = Buffer.alloc(bytes)
  if (bytes === 2) buffer.writeInt16BE(value, 0)
  else buffer.writeInt32BE(value, 0)
  return buffer
}
const frontend = (type: string, ...parts: Array<Buffer>) => {
  const body = Buffer.concat(parts)
  return Buffer.concat([Buffer.from(type, "latin1"), int(4, body.length + 4), body])
}

/** Frontend messages pg does not send on its own (unnamed statement and portal, no parameters). */
const raw = {
  sslRequest: () => Buffer.concat([int(4, 8), int(4, 80877103)]),
  cancelRequest: () => Buffer.concat([int(4, 16), int(4, 80877102), int(4, 1), int(4, 2)]),
  startup: () => {
    const body = Buffer.concat([int(4, 3 << 16), cstring("user"), cstring("postgres"), cstring("database"), cstring("postgres"), Buffer.from([0])])
    return Buffer.concat([int(4, body.length + 4), body])
  },
  query: (sql: string) => frontend("Q", cstring(sql)),
  parse: (sql: string) => frontend("P", cstring(""), cstring(sql), int(2, 0)),
  bind: () => frontend("B", cstring(""), cstring(""), int(2, 0), int(2, 0), int(2, 0)),
  execute: (maxRows: number) => frontend("E", cstring(""), int(4, maxRows)),
  flush: () => frontend("H"),
  sync: () => frontend("S"),
  terminate: () => frontend("X")
}

/** The backend messages in `bytes`: their type letter and body. */
const messagesOf = (bytes: Buffer) => {
  const out: Array<{ type: string; body: Buffer }> = []
  for (let at = 0; at + 5 <= bytes.length;) {
    const end = at + 1 + bytes.readInt32BE(at + 1)
    out.push({ type: String.fromCharCode(bytes[at]!), body: bytes.subarray(at + 5, end) })
    at = end
  }
  return out
}
const readyCount = (bytes: Buffer) => messagesOf(bytes).filter((m) => m.type === "Z").length
// The first column of each DataRow, as text.
const firstColumns = (bytes: Buffer) =>
  messagesOf(bytes).filter((m) => m.type === "D").map((m) => m.body.subarray(6, 6 + m.body.readInt32BE(2)).toString())

/** A client speaking raw protocol to `port`, and everything it received so far. */
const rawClient = async (port: number) => {
  const socket = connect(port, "127.0.0.1")
  socket.on("error", () => undefined)
  let received = Buffer.alloc(0)
  socket.on("data", (chunk: Buffer) => (received = Buffer.concat([received, chunk])))
  await within(5_000, new Promise((resolve) => socket.once("connect", resolve)), "raw connect")
  return {
    socket,
    received: () => received,
    clear: () => void (received = Buffer.alloc(0)),
    until: (test: (bytes: Buffer) => boolean, what: string) =>
      within(5_000, (async () => {
        while (!test(received)) await sleep(5)
      })(), what),
    closed: () => within(5_000, new Promise((resolve) => socket.once("close", resolve)), "raw close")
  }
}

/** Forwards client bytes to `port` cut into small pieces, one per macrotask, as a slow network delivers them. */
const fragmentingProxy = async (port: number, seed: number) => {
  const random = seeded(seed)
  const server = createServer((client) => {
    const upstream = connect(port, "127.0.0.1")
    let forwarded = Promise.resolve()
    client.on("data", (chunk: Buffer) => {
      forwarded = forwarded.then(async () => {
        for (let at = 0; at < chunk.length;) {
          const piece = 1 + Math.floor(random() * Math.max(48, chunk.length / 8))
          upstream.write(chunk.subarray(at, at + piece))
          at += piece
          await new Promise((resolve) => setImmediate(resolve))
        }
      })
    })
    upstream.pipe(client)
    client.on("close", () => upstream.destroy())
    upstream.on("close", () => client.destroy())
    client.on("error", () => undefined)
    upstream.on("error", () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { port: (server.address() as AddressInfo).port, close: () => server.close() }
}

// One PGlite for the file (it takes seconds to start); each suite runs its own bridge on it, one suite at a time.
const shared: { db?: PGlite } = {}
beforeAll(async () => {
  shared.db = await PGlite.create()
  await shared.db.exec("create table tagged (owner text not null, k int not null)")
}, 120_000)
afterAll(() => shared.db?.close())

/** A bridge for the suite; `wrap` may put a faulty engine in front of PGlite. */
const useBridge = (options: Parameters<typeof startWireBridge>[1], wrap: (db: PGlite) => Engine = (db) => db) => {
  const state: { bridge?: WireBridge } = {}
  beforeAll(async () => {
    state.bridge = await startWireBridge(wrap(shared.db!), options)
  })
  afterAll(() => within(10_000, state.bridge!.stop(), "bridge stop"))
  const client = async (port = state.bridge!.port) => {
    const c = new pg.Client(config(port))
    const errors: Array<unknown> = []
    const notices: Array<string> = []
    c.on("error", (error) => errors.push(error))
    c.on("notice", (notice) => notices.push(notice.message ?? ""))
    await within(10_000, c.connect(), "connect")
    return Object.assign(c, { errors, notices })
  }
  const pool = (max: number) => {
    const p = new pg.Pool({ ...config(state.bridge!.port), max })
    p.on("error", () => undefined)
    return p
  }
  // Read through the bridge too: a direct PGlite query would run inside whatever transaction a client holds.
  const owners = async (where: string) => {
    const reader = await client()
    const { rows } = await within(10_000, reader.query<{ owner: string; k: number }>(`select owner, k from tagged where ${where}`), "owners")
    await reader.end()
    return rows.map((row) => `${row.owner}:${row.k}`).sort()
  }
  return { state, client, pool, owners }
}

describe("startWireBridge() with concurrent pg connections on one PGlite", () => {
  const { client, owners, pool, state } = useBridge({ maxConnections: 32 })

  it("answers every parameterised query with its own parameters, and every bad one with its own error", async () => {
    const random = seeded(1046)
    const queries = Array.from({ length: 3000 }, (_, i) => ({
      i,
      bad: random() < 0.15,
      n: Math.floor(random() * 1e6),
      s: `s${i}-` + "y".repeat(random() < 0.1 ? 60_000 + Math.floor(random() * 100_000) : Math.floor(random() * 40)),
      pad: Math.floor(random() * 300)
    }))
    const shared = pool(8)
    const proxy = await fragmentingProxy(state.bridge!.port, 977)
    const raw = await Promise.all([0, 1, 2].map(() => client(proxy.port)))
    const wrong: Array<string> = []
    let ok = 0
    let failedAsExpected = 0
    let next = 0
    const worker = async (runner: pg.Pool | pg.Client) => {
      for (let q = queries[next++]; q !== undefined; q = queries[next++]) {
        try {
          if (q.bad) {
            await runner.query("select $1::int as n, $2::text as s", [`bad${q.i}`, q.s])
            wrong.push(`${q.i}: a bad cast succeeded`)
          } else {
            const sql = "select $1::int as n, $2::text as s, repeat('x', $3::int) as pad"
            const { rows } = await runner.query<{ n: number; s: string; pad: string }>(sql, [q.n, q.s, q.pad])
            const same = rows.length === 1 && rows[0]!.n === q.n && rows[0]!.s === q.s && rows[0]!.pad.length === q.pad
            if (same) ok++
            else wrong.push(`${q.i}: answered ${JSON.stringify(rows).slice(0, 80)}`)
          }
        } catch (error) {
          const expected = `invalid input syntax for type integer: "bad${q.i}"`
          if (q.bad && sqlState(error) === "22P02" && (error as Error).message === expected) failedAsExpected++
          else wrong.push(`${q.i}: ${(error as Error).message}`)
        }
      }
    }
    const workers = [...Array.from({ length: 16 }, () => worker(shared)), ...raw.map(worker)]
    await within(120_000, Promise.all(workers), "3,000 queries")
    await Promise.all([...raw.map((c) => c.end()), shared.end()])
    proxy.close()
    expect(wrong).toEqual([])
    expect(ok + failedAsExpected).toBe(queries.length)
    expect(raw.flatMap((c) => c.errors)).toEqual([])
  }, 150_000)

  it("keeps each transaction's statements out of the others' and keeps exactly the committed rows", async () => {
    const random = seeded(25)
    const plans = Array.from({ length: 12 }, (_, id) => ({ id, commit: random() < 0.5, seed: 100 + id }))
    const proxy = await fragmentingProxy(state.bridge!.port, 1)
    const autocommit = pool(6)
    const seen: Array<{ id: number; visible: Array<string> }> = []
    const failures: Array<string> = []
    const notices: Array<string> = []
    const transaction = async (plan: (typeof plans)[number]) => {
      const pause = seeded(plan.seed)
      const c = await client(plan.id % 2 === 0 ? proxy.port : state.bridge!.port)
      try {
        await c.query("begin")
        for (let k = 0; k < 5; k++) {
          await c.query("insert into tagged values ($1, $2)", [`tx${plan.id}`, k])
          await sleep(Math.floor(pause() * 3))
          const { rows } = await c.query<{ owner: string }>("select distinct owner from tagged where owner like 'tx%'")
          seen.push({ id: plan.id, visible: rows.map((row) => row.owner) })
        }
        await c.query(plan.commit ? "commit" : "rollback")
      } catch (error) {
        failures.push(`tx${plan.id}: ${(error as Error).message}`)
      }
      notices.push(...c.notices)
      failures.push(...c.errors.map((error) => `tx${plan.id}: ${(error as Error).message}`))
      await c.end()
    }
    const insertAlone = (i: number) =>
      autocommit.query("insert into tagged values ($1, 0)", [`auto${i}`]).catch((error: Error) => {
        failures.push(`auto${i}: ${error.message}`)
      })
    await within(60_000, Promise.all([...plans.map(transaction), ...Array.from({ length: 80 }, (_, i) => insertAlone(i))]), "transactions")
    await autocommit.end()
    proxy.close()
    expect(failures).toEqual([])
    expect(notices).toEqual([])
    const committed = plans.filter((plan) => plan.commit).flatMap((plan) => [0, 1, 2, 3, 4].map((k) => `tx${plan.id}:${k}`))
    const auto = Array.from({ length: 80 }, (_, i) => `auto${i}:0`)
    expect(await owners("owner like 'tx%' or owner like 'auto%'")).toEqual([...committed, ...auto].sort())
    // A transaction sees committed rows and its own, never rows of a transaction that rolled back.
    const rolledBack = new Set(plans.filter((plan) => !plan.commit).map((plan) => `tx${plan.id}`))
    const leaks = seen.flatMap((s) => s.visible.filter((owner) => rolledBack.has(owner) && owner !== `tx${s.id}`))
    expect(leaks).toEqual([])
  }, 90_000)

  it("rolls back a client destroyed mid-transaction, and the client waiting behind it proceeds", async () => {
    const victim = await client()
    await victim.query("begin")
    await victim.query("insert into tagged values ('victim', 1)")
    const waiter = await client()
    const waiting = waiter.query("insert into tagged values ('waiter', 1) returning k")
    await sleep(20)
    victim.connection.stream.destroy()
    expect((await within(10_000, waiting, "waiter")).rows).toEqual([{ k: 1 }])
    expect(await owners("owner in ('victim', 'waiter')")).toEqual(["waiter:1"])
    await waiter.end()
  })

  it("keeps a portal suspended by Execute and Flush safe from the others until its Sync", async () => {
    const a = await rawClient(state.bridge!.port)
    a.socket.write(raw.startup())
    await a.until((bytes) => readyCount(bytes) === 1, "startup")
    a.clear()
    a.socket.write(Buffer.concat([raw.parse("select generate_series(1, 3)::text"), raw.bind(), raw.execute(1), raw.flush()]))
    await a.until((bytes) => messagesOf(bytes).some((m) => m.type === "s"), "portal suspended")
    const other = await client()
    let answered = false
    const waiting = other.query("select 'other' as who").then((result) => {
      answered = true
      return result
    })
    await sleep(50)
    expect(answered).toBe(false)
    a.socket.write(Buffer.concat([raw.execute(0), raw.sync()]))
    await a.until((bytes) => readyCount(bytes) === 1, "rest of the portal")
    expect(firstColumns(a.received())).toEqual(["1", "2", "3"])
    expect((await within(5_000, waiting, "other")).rows).toEqual([{ who: "other" }])
    a.socket.write(raw.terminate())
    await Promise.all([a.closed(), other.end()])
  })

  it("runs a batch that fails without blocking anyone, and the connection stays usable", async () => {
    const a = await client()
    const others = pool(4)
    const meanwhile = Promise.all(Array.from({ length: 40 }, (_, i) => others.query("select $1::int as i", [i])))
    await expect(a.query("selec 1")).rejects.toMatchObject({ code: "42601" })
    await expect(a.query("select $1::int", ["x"])).rejects.toMatchObject({ code: "22P02" })
    expect((await a.query("select 1 as one")).rows).toEqual([{ one: 1 }])
    // In a transaction an error leaves status 'E': the others wait until the rollback, then proceed.
    await a.query("begin")
    await expect(a.query("select 1/0")).rejects.toMatchObject({ code: "22012" })
    const blocked = others.query("select 2 as two")
    await a.query("rollback")
    expect((await within(10_000, blocked, "after rollback")).rows).toEqual([{ two: 2 }])
    expect((await within(10_000, meanwhile, "others")).length).toBe(40)
    expect(a.errors).toEqual([])
    await Promise.all([a.end(), others.end()])
  })
})

describe("startWireBridge() limits and failures", () => {
  const failOn = "/* pglite throws */"
  const { client, owners, state } = useBridge({ idleInTransactionTimeout: 300, maxConnections: 4 }, (db) => ({
    isInTransaction: () => db.isInTransaction(),
    runExclusive: (fn) => db.runExclusive(fn),
    execProtocolRawStream: async (message, options) => {
      await db.execProtocolRawStream(message, options)
      if (Buffer.from(message).includes(failOn)) throw new Error("wasm trap")
    }
  }))

  it("refuses a connection beyond maxConnections with 53300, and admits one again once a slot is free", async () => {
    const four = await Promise.all([0, 1, 2, 3].map(() => client()))
    const fifth = new pg.Client(config(state.bridge!.port))
    await expect(within(10_000, fifth.connect(), "fifth")).rejects.toMatchObject({ code: "53300" })
    await four[0]!.end()
    let admitted: pg.Client | undefined
    for (let attempt = 0; admitted === undefined && attempt < 50; attempt++) {
      admitted = await client().catch(async () => void (await sleep(20)))
    }
    expect((await admitted!.query("select 4 as four")).rows).toEqual([{ four: 4 }])
    await Promise.all([...four.slice(1), admitted!].map((c) => c.end()))
  })

  it("terminates a client idle in a transaction while another waits, and rolls it back", async () => {
    const holder = await client()
    await holder.query("begin")
    await holder.query("insert into tagged values ('idle', 1)")
    const waiter = await client()
    const { rows } = await within(10_000, waiter.query("select count(*)::int as n from tagged where owner = 'idle'"), "waiter")
    expect(rows).toEqual([{ n: 0 }])
    await within(5_000, new Promise((resolve) => holder.once("end", resolve)), "holder closed")
    // pg reports the FATAL, then the closed socket.
    expect(sqlState(holder.errors[0])).toBe("25P03")
    await waiter.end()
  })

  it("leaves a client idle in a transaction alone while nobody waits", async () => {
    const holder = await client()
    await holder.query("begin")
    await holder.query("insert into tagged values ('patient', 1)")
    await sleep(700)
    await holder.query("commit")
    expect(await owners("owner = 'patient'")).toEqual(["patient:1"])
    await holder.end()
  })

  it("closes a connection whose batch made PGlite throw, rolls it back and serves the others", async () => {
    const failing = await client()
    await failing.query("begin")
    await failing.query("insert into tagged values ('thrown', 1)")
    const waiter = await client()
    const waiting = waiter.query("select count(*)::int as n from tagged where owner = 'thrown'")
    await expect(failing.query(`select 1 ${failOn}`)).rejects.toMatchObject({ code: "XX000" })
    expect((await within(10_000, waiting, "waiter")).rows).toEqual([{ n: 0 }])
    expect((await waiter.query("select 3 as three")).rows).toEqual([{ three: 3 }])
    await waiter.end()
  })

  it("declines SSL, reassembles messages split into single bytes, and answers queries sent together", async () => {
    const c = await rawClient(state.bridge!.port)
    c.socket.write(raw.sslRequest())
    await c.until((bytes) => bytes.toString() === "N", "SSL answer")
    c.clear()
    for (const byte of Buffer.concat([raw.startup(), raw.query("select 41 + 1 as answer")])) {
      c.socket.write(Buffer.from([byte]))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await c.until((bytes) => readyCount(bytes) === 2, "startup and first query")
    expect(firstColumns(c.received())).toEqual(["42"])
    c.socket.write(Buffer.concat([raw.query("select 'first'"), raw.query("select 'second'")]))
    await c.until((bytes) => readyCount(bytes) === 4, "two queries in one chunk")
    expect(firstColumns(c.received())).toEqual(["42", "first", "second"])
    c.socket.write(raw.terminate())
    await c.closed()
  })

  it("closes a CancelRequest's connection without touching the session", async () => {
    const c = await rawClient(state.bridge!.port)
    c.socket.write(raw.cancelRequest())
    await c.closed()
    const other = await client()
    expect((await other.query("select 5 as five")).rows).toEqual([{ five: 5 }])
    await other.end()
  })
})

describe("startWireBridge() with a password", () => {
  const { state } = useBridge({ password: "s3cret-per-start" })
  const attempt = async (password: string | undefined) => {
    const c = new pg.Client({ ...config(state.bridge!.port), ...(password === undefined ? {} : { password }) })
    c.on("error", () => undefined)
    try {
      await within(10_000, c.connect(), "connect")
      const { rows } = await within(10_000, c.query<{ one: number }>("select 1 as one"), "query")
      return rows[0]?.one === 1 ? "in" : "no answer"
    } catch (error) {
      return sqlState(error) ?? String(error)
    } finally {
      await c.end().catch(() => undefined)
    }
  }

  it("lets in only a client with the password; others get 28P01, which names no password", async () => {
    expect(await attempt("s3cret-per-start")).toBe("in")
    expect(await attempt("wrong")).toBe("28P01")
    expect(await attempt("s3cret-per-start-and-more")).toBe("28P01")
    expect(await attempt("")).not.toBe("in")
  })

  it("answers a raw StartupMessage with a password request, and a wrong PasswordMessage with FATAL 28P01", async () => {
    const socket = connect(state.bridge!.port, "127.0.0.1")
    const received: Array<Buffer> = []
    socket.on("data", (chunk) => received.push(chunk))
    const closed = new Promise((resolve) => socket.once("close", resolve))
    socket.write(raw.startup())
    await sleep(100)
    expect(messagesOf(Buffer.concat(received)).map((m) => [m.type, m.body.readInt32BE(0)])).toEqual([["R", 3]])
    socket.write(frontend("p", cstring("guess")))
    await within(5_000, closed, "close")
    const answer = messagesOf(Buffer.concat(received)).slice(1)
    expect(answer.map((m) => m.type)).toEqual(["E"])
    expect(answer[0]!.body.toString("utf8")).toContain("28P01")
    expect(answer[0]!.body.toString("utf8")).not.toContain("s3cret")
  })
})
