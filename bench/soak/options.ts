/** Command-line options of `npm run soak`. */
export interface CliOptions {
  readonly durationMs: number
  readonly users: number
  readonly abortRate: number
  readonly timeoutMs: number
  readonly restart: string | undefined
  readonly seed: number
  readonly json: boolean
  /** Drive this running server instead of starting one. */
  readonly url: string | undefined
  readonly callbackKey: string | undefined
  /** The callback URL the server signs over; `<url>/vodcallback/callback` when not given. */
  readonly callbackUrl: string | undefined
}

/** The usage text printed by `--help` and after a bad option. */
export const USAGE = `usage: npm run soak -- [options]
  --duration 60s        how long the load runs (ms, s or m; default 60s)
  --users 40            simulated app users, one connection pool each
  --abort-rate 0.1      share of requests the client aborts 0-50 ms after sending
  --timeout 10s         a request unanswered this long counts as UNANSWERED
  --restart "<cmd>"     shell command run once at half-time (e.g. "pg_ctlcluster 15 main restart")
  --seed N              seed of the random choices (printed; default random)
  --json                also print the report as JSON
  --url http://h:p      drive a running server instead of starting one
  --callback-key KEY    its QU_CALLBACK_KEY (with --url)
  --callback-url URL    the callback URL it signs over (default <url>/vodcallback/callback)`

/** Parses "60s", "500ms", "2m" or a bare number of seconds into milliseconds. */
export const parseDuration = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (match === null) throw new Error(`Cannot read duration "${text}": use e.g. 500ms, 20s or 2m`)
  const value = Number(match[1])
  return Math.round(match[2] === "ms" ? value : match[2] === "m" ? value * 60_000 : value * 1000)
}

const number = (name: string, text: string, valid: (n: number) => boolean) => {
  const value = Number(text)
  if (text.trim() === "" || !Number.isFinite(value) || !valid(value)) throw new Error(`Cannot use --${name} ${text}`)
  return value
}

/** Reads `argv` (without node and the script); throws an Error naming the bad option. */
export const parseOptions = (argv: ReadonlyArray<string>): CliOptions => {
  const given = new Map<string, string>()
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--json") json = true
    else if (arg === "--help" || arg === "-h") throw new Error(USAGE)
    else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=")
      const name = arg.slice(2, eq === -1 ? undefined : eq)
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
      if (value === undefined) throw new Error(`Cannot read --${name}: it needs a value`)
      given.set(name, value)
    } else throw new Error(`Cannot read argument "${arg}"`)
  }
  const known = new Set(["duration", "users", "abort-rate", "timeout", "restart", "seed", "url", "callback-key", "callback-url"])
  for (const name of given.keys()) if (!known.has(name)) throw new Error(`Unknown option --${name}\n${USAGE}`)
  const text = (name: string) => given.get(name)
  return {
    durationMs: parseDuration(text("duration") ?? "60s"),
    users: number("users", text("users") ?? "40", (n) => Number.isInteger(n) && n >= 1 && n <= 2000),
    abortRate: number("abort-rate", text("abort-rate") ?? "0.1", (n) => n >= 0 && n <= 1),
    timeoutMs: parseDuration(text("timeout") ?? "10s"),
    restart: text("restart"),
    seed: number("seed", text("seed") ?? String(Math.floor(Math.random() * 2 ** 31)), Number.isSafeInteger),
    json,
    url: text("url")?.replace(/\/+$/, ""),
    callbackKey: text("callback-key"),
    callbackUrl: text("callback-url")
  }
}
