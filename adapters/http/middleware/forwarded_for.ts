import { Either } from "effect"
import { formatIp, inRange, type IpAddress, type IpRange, parseIp, parseIpRange } from "./ip_address.ts"

/**
 * The proxies trusted by default once QU_TRUST_PROXY is on: loopback, the private ranges (RFC 1918, IPv6 unique
 * local) and the shared address space 100.64.0.0/10 (RFC 6598), where Alibaba Cloud's load balancers (SLB/CLB)
 * reach their backends from.
 */
export const DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7"

/** Parses a comma-separated list of addresses and CIDR ranges; the entries it cannot read, or the ranges. */
export const parseTrustedProxies = (list: string): Either.Either<ReadonlyArray<IpRange>, ReadonlyArray<string>> => {
  const entries = list.split(",").map((e) => e.trim()).filter((e) => e !== "")
  const ranges = entries.map(parseIpRange)
  const bad = entries.filter((_, i) => ranges[i] === undefined)
  return bad.length > 0 ? Either.left(bad) : Either.right(ranges as Array<IpRange>)
}

/** The default trusted proxies, parsed. */
export const DEFAULT_TRUSTED_PROXY_RANGES: ReadonlyArray<IpRange> = (() => {
  const parsed = parseTrustedProxies(DEFAULT_TRUSTED_PROXIES)
  if (Either.isLeft(parsed)) throw new Error(`bad default trusted proxies: ${parsed.left.join(", ")}`)
  return parsed.right
})()

const BRACKETED = /^\[([^\]]*)\](?::[0-9]{1,5})?$/
const V4_WITH_PORT = /^([0-9.]+):[0-9]{1,5}$/

/**
 * One X-Forwarded-For entry: an address, also `1.2.3.4:port`, `[v6]` and `[v6]:port` as some proxies write them;
 * undefined for anything else (`unknown`, obfuscated names, empty).
 */
export const parseForwardedEntry = (entry: string): IpAddress | undefined => {
  const text = entry.trim()
  const bracketed = BRACKETED.exec(text)
  if (bracketed !== null) return bracketed[1]!.includes(":") ? parseIp(bracketed[1]!) : undefined
  const v4 = V4_WITH_PORT.exec(text)
  return parseIp(v4 === null ? text : v4[1]!)
}

/** What the choice needs from the HTTP settings. */
export interface ProxyTrust {
  /** Whether X-Forwarded-For is read at all. */
  readonly trustProxy: boolean
  /** The proxies whose word is taken about the hop before them. */
  readonly trustedProxies: ReadonlyArray<IpRange>
}

/** Whether an address is one of the trusted proxies. */
export const isTrustedProxy = (ip: IpAddress, trusted: ReadonlyArray<IpRange>): boolean =>
  trusted.some((range) => inRange(ip, range))

/**
 * The client's address, canonical (IPv4 dotted, IPv6 per RFC 5952; `::ffff:1.2.3.4` is `1.2.3.4`). Start from the
 * socket peer; while the address in hand is a trusted proxy, believe it about the hop before it, the next
 * X-Forwarded-For entry from the right. So the answer is the right-most address that is not a trusted proxy, and
 * the entries left of it, which the client wrote, are never read. An entry that is not an address stops the walk at
 * the proxy that reported it; when every hop is trusted the answer is the left-most. Without `trustProxy`, or when
 * the peer is not trusted, X-Forwarded-For is ignored. "unknown" when the peer has no IP address.
 */
export const forwardedClient = (peer: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): string => {
  const peerIp = peer === undefined ? undefined : parseIp(peer)
  if (peerIp === undefined) return "unknown"
  let client = peerIp
  if (trust.trustProxy && forwardedFor !== undefined) {
    // Right to left without splitting: the header may be long, and only its right end is read.
    let end = forwardedFor.length
    while (end >= 0 && isTrustedProxy(client, trust.trustedProxies)) {
      const comma = end > 0 ? forwardedFor.lastIndexOf(",", end - 1) : -1
      const hop = parseForwardedEntry(forwardedFor.slice(comma + 1, end))
      if (hop === undefined) break
      client = hop
      end = comma
    }
  }
  return formatIp(client)
}
