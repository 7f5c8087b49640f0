import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import {
  DEFAULT_TRUSTED_PROXY_RANGES, forwardedClient, isTrustedProxy, parseForwardedEntry, parseTrustedProxies
} from "../../adapters/http/middleware/forwarded_for.ts"
import { formatIp, formatIpRange, type IpRange, isV4, parseIp, parseIpRange } from "../../adapters/http/middleware/ip_address.ts"

const ranges = (list: string): ReadonlyArray<IpRange> => Either.getOrThrow(parseTrustedProxies(list))
const behind = (trustedProxies: ReadonlyArray<IpRange>) => ({ trustProxy: true, trustedProxies })
const defaults = behind(DEFAULT_TRUSTED_PROXY_RANGES)
const canonical = (text: string) => formatIp(parseIp(text)!)

// Addresses in the forms they arrive in: IPv4, IPv6 (every text form), IPv4-mapped IPv6.
const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((v4) => `::ffff:${v4}`), fc.ipV4().map((v4) => `::FFFF:${v4}`))
// An X-Forwarded-For entry for an address, as proxies write them: padded, with a port, IPv6 in brackets.
const entryOf = (ip: string) =>
  fc.tuple(
    fc.constantFrom("", " ", "  ", "\t"),
    fc.constantFrom("", " ", "\t"),
    fc.constantFrom("plain", "port", "brackets")
  ).map(([before, after, form]) => {
    const v6 = ip.includes(":")
    const text = form === "port" ? (v6 ? `[${ip}]:443` : `${ip}:8080`) : form === "brackets" && v6 ? `[${ip}]` : ip
    return `${before}${text}${after}`
  })
// Garbage a client (or a careless proxy) may put in the header.
const garbage = fc.oneof(
  fc.constantFrom("unknown", "", " ", "_hidden", "1.2.3", "01.2.3.4", "256.0.0.1", "1::2::3", "[1.2.3.4]", "::ffff:1.2.3.4.5"),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes(",") && parseForwardedEntry(s) === undefined)
)

/** A chain of hops (left to right, the peer last) and trusted ranges built partly from the hops themselves. */
const chain = fc.array(fc.tuple(address, fc.boolean(), fc.integer({ min: 0, max: 24 })), { minLength: 1, maxLength: 7 })
  .chain((hops) =>
    fc.record({
      hops: fc.constant(hops.map(([ip]) => ip)),
      entries: fc.tuple(...hops.map(([ip]) => entryOf(ip))),
      // A trusted hop is covered by a range around it (some ranges cover other hops too); plus random ranges.
      trusted: fc.array(fc.tuple(address, fc.integer({ min: 0, max: 128 })), { maxLength: 3 }).map((extra) => [
        ...hops.filter(([, trusted]) => trusted).map(([ip, , widen]) => {
          const v4 = isV4(parseIp(ip)!) && !ip.includes(":")
          return parseIpRange(`${ip}/${Math.max(0, (v4 ? 32 : 128) - widen)}`)!
        }),
        ...extra.flatMap(([ip, bits]) => {
          const range = parseIpRange(`${ip}/${ip.includes(":") ? bits : Math.min(bits, 32)}`)
          // Random ranges stay narrow, so that some hops remain untrusted.
          return range !== undefined && range.prefix >= 104 ? [range] : []
        })
      ])
    }))

describe("forwardedClient() (X-Forwarded-For with trusted proxies)", () => {
  it.prop("the answer is the right-most hop that is not a trusted proxy, or the left-most when all are", { c: chain }, ({ c }) => {
    const peer = c.hops.at(-1)!
    const header = c.entries.slice(0, -1).join(",")
    const answer = forwardedClient(peer, c.hops.length > 1 ? header : undefined, behind(c.trusted))
    const ips = c.hops.map((h) => parseIp(h)!)
    const untrusted = ips.filter((ip) => !isTrustedProxy(ip, c.trusted))
    if (untrusted.length === 0) expect(answer).toBe(formatIp(ips[0]!))
    else {
      expect(isTrustedProxy(parseIp(answer)!, c.trusted)).toBe(false)
      expect(answer).toBe(formatIp(untrusted.at(-1)!))
    }
  })

  it.prop("a client-supplied prefix never changes the answer", {
    c: chain,
    prefix: fc.array(fc.oneof(address, garbage, fc.string({ maxLength: 20 })), { maxLength: 5 }),
    broken: fc.option(fc.tuple(garbage, fc.nat()), { nil: undefined })
  }, ({ broken, c, prefix }) => {
    const peer = c.hops.at(-1)!
    const honest = c.entries.slice(0, -1)
    // A proxy in the chain may write garbage ("unknown"): the walk stops there, before any client text.
    if (broken !== undefined && honest.length > 0) honest[broken[1] % honest.length] = broken[0]
    const readable = honest.map((e) => parseForwardedEntry(e))
    // Only a chain that ends within what the proxies wrote has an answer the client cannot reach.
    fc.pre(readable.some((ip) => ip === undefined || !isTrustedProxy(ip, c.trusted)) || !isTrustedProxy(parseIp(peer)!, c.trusted))
    const alone = forwardedClient(peer, honest.join(","), behind(c.trusted))
    expect(forwardedClient(peer, [...prefix, ...honest].join(","), behind(c.trusted))).toBe(alone)
    expect(forwardedClient(peer, `${prefix.join(",")}, ${honest.join(",")}`, behind(c.trusted))).toBe(alone)
  })

  it.prop("without trustProxy, or from a peer that is not a trusted proxy, the header is never read", {
    peer: address,
    header: fc.string({ maxLength: 60 })
  }, ({ header, peer }) => {
    expect(forwardedClient(peer, header, { trustProxy: false, trustedProxies: ranges("::/0,0.0.0.0/0") })).toBe(canonical(peer))
    expect(forwardedClient(peer, header, behind([]))).toBe(canonical(peer))
  })

  it.prop("an IPv4 address and its IPv4-mapped IPv6 form are one client", { v4: fc.ipV4(), v6: fc.ipV6() }, ({ v4, v6 }) => {
    expect(forwardedClient(`::ffff:${v4}`, undefined, defaults)).toBe(v4)
    expect(forwardedClient("::ffff:127.0.0.1", `${v4}`, defaults)).toBe(v4)
    expect(forwardedClient("127.0.0.1", `::ffff:${v4}`, defaults)).toBe(v4)
    // IPv6 comes back in one canonical form (the WHATWG URL parser's, which follows RFC 5952), unless IPv4-mapped.
    const ip = parseIp(v6)!
    if (!isV4(ip)) expect(`[${formatIp(ip)}]`).toBe(new URL(`http://[${v6}]/`).hostname)
  })

  it("picks the client from examples of real chains", () => {
    const cases: Array<[peer: string, header: string | undefined, answer: string]> = [
      ["127.0.0.1", "203.0.113.7", "203.0.113.7"],
      ["::ffff:10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"], // spoofed first entry
      ["10.0.0.2", "203.0.113.7 ,\t10.0.0.9 ", "203.0.113.7"],
      ["10.0.0.2", "203.0.113.7:52100", "203.0.113.7"],
      ["10.0.0.2", "[2001:DB8:0:0::7]:443", "2001:db8::7"],
      ["10.0.0.2", "2001:db8::7", "2001:db8::7"],
      ["10.0.0.2", "203.0.113.7, unknown", "10.0.0.2"], // a proxy that hides its client: the proxy is the answer
      ["10.0.0.2", "10.0.0.3, 192.168.1.1", "10.0.0.3"], // all trusted: the left-most
      ["10.0.0.2", "", "10.0.0.2"],
      ["10.0.0.2", undefined, "10.0.0.2"],
      ["203.0.113.50", "198.51.100.1", "203.0.113.50"], // a peer that is no proxy: its header is ignored
      ["100.64.3.4", "203.0.113.7", "203.0.113.7"], // Alibaba Cloud SLB's backend addresses
      ["172.32.0.1", "203.0.113.7", "172.32.0.1"]
    ]
    for (const [peer, header, answer] of cases) expect(forwardedClient(peer, header, defaults), `${peer} ← ${header}`).toBe(answer)
    expect(forwardedClient(undefined, "203.0.113.7", defaults)).toBe("unknown")
    expect(forwardedClient("::ffff:127.0.0.1", "203.0.113.7", { ...defaults, trustProxy: false })).toBe("127.0.0.1")
  })
})

describe("IP addresses and ranges", () => {
  it("parses the text forms of IPv4 and IPv6, and nothing else", () => {
    for (const text of ["0.0.0.0", "255.255.255.255", "::", "::1", "1:2:3:4:5:6:7:8", "1::", "::ffff:1.2.3.4", "fe80::1%eth0", "1:2:3:4:5:6:1.2.3.4"]) {
      expect(parseIp(text), text).toBeDefined()
    }
    for (const text of ["", " 1.2.3.4", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1.2.3.-1", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::g", "localhost", "1.2.3.4/8"]) {
      expect(parseIp(text), text).toBeUndefined()
    }
    expect(canonical("::FFFF:1.2.3.4")).toBe("1.2.3.4")
    expect(canonical("2001:0db8:0000:0000:0001:0000:0000:0001")).toBe("2001:db8::1:0:0:1")
  })

  it("parses ranges, clearing host bits, and refuses bad prefixes", () => {
    expect(formatIpRange(parseIpRange("10.1.2.3/8")!)).toBe("10.0.0.0/8")
    expect(formatIpRange(parseIpRange("fc00::1/7")!)).toBe("fc00::/7")
    expect(formatIpRange(parseIpRange("192.0.2.1")!)).toBe("192.0.2.1/32")
    for (const text of ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "x/8"]) expect(parseIpRange(text), text).toBeUndefined()
    expect(parseTrustedProxies(" 10.0.0.0/8 , ::1,, ")).toEqual(Either.right([parseIpRange("10.0.0.0/8"), parseIpRange("::1")]))
    expect(parseTrustedProxies("10.0.0.0/8,proxy.local,1.2.3.4/40")).toEqual(Either.left(["proxy.local", "1.2.3.4/40"]))
  })

  it("the default trusted proxies are loopback, private and shared (RFC 6598) addresses only", () => {
    const trusted = (text: string) => isTrustedProxy(parseIp(text)!, DEFAULT_TRUSTED_PROXY_RANGES)
    for (const ip of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.255.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "100.127.255.255", "fd12::1"]) {
      expect(trusted(ip), ip).toBe(true)
    }
    for (const ip of ["8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2001:db8::1", "::", "fe80::1"]) expect(trusted(ip), ip).toBe(false)
  })
})
