/**
 * An IP address as 16 bytes: IPv6, and IPv4 as its IPv4-mapped form (`::ffff:a.b.c.d`), so `1.2.3.4` and
 * `::ffff:1.2.3.4` are one address and one range check serves both families.
 */
export type IpAddress = Uint8Array

/** A network: the address with its host bits cleared, and the prefix length over all 128 bits. */
export interface IpRange {
  readonly network: IpAddress
  readonly prefix: number
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] as const
const OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/
const GROUP = /^[0-9a-fA-F]{1,4}$/

const parseV4Octets = (text: string): Array<number> | undefined => {
  const parts = text.split(".")
  return parts.length === 4 && parts.every((p) => OCTET.test(p)) ? parts.map(Number) : undefined
}

// Groups of 16 bits; the last two may be written as a dotted IPv4 address. Undefined when any group is malformed.
const parseGroups = (text: string): Array<number> | undefined => {
  if (text === "") return []
  const parts = text.split(":")
  const groups: Array<number> = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (i === parts.length - 1 && part.includes(".")) {
      const octets = parseV4Octets(part)
      if (octets === undefined) return undefined
      groups.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!)
    } else if (GROUP.test(part)) groups.push(parseInt(part, 16))
    else return undefined
  }
  return groups
}

const parseV6 = (text: string): IpAddress | undefined => {
  const halves = text.split("::")
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0]!)
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const bytes = new Uint8Array(16)
  ;[...head, ...Array<number>(missing).fill(0), ...tail].forEach((group, i) => {
    bytes[2 * i] = group >> 8
    bytes[2 * i + 1] = group & 0xff
  })
  return bytes
}

/**
 * Parses an IPv4 address (dotted decimal, no leading zeros) or an IPv6 address (any RFC 4291 text form, a zone
 * `%eth0` ignored); undefined for anything else. Surrounding whitespace is not accepted: trim first.
 */
export const parseIp = (text: string): IpAddress | undefined => {
  if (text.includes(":")) {
    const zone = text.indexOf("%")
    return parseV6(zone === -1 ? text : text.slice(0, zone))
  }
  const octets = parseV4Octets(text)
  return octets === undefined ? undefined : Uint8Array.from([...V4_MAPPED, ...octets])
}

/** Whether an address is IPv4 (or IPv4-mapped IPv6). */
export const isV4 = (ip: IpAddress): boolean => V4_MAPPED.every((b, i) => ip[i] === b)

/** The canonical text of an address: dotted decimal for IPv4 (mapped or not), RFC 5952 for IPv6. */
export const formatIp = (ip: IpAddress): string => {
  if (isV4(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`
  const groups = Array.from({ length: 8 }, (_, i) => (ip[2 * i]! << 8) | ip[2 * i + 1]!)
  // The longest run of two or more zero groups (the first of equals) becomes "::".
  let [start, length] = [-1, 1]
  for (let i = 0; i < 8;) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > length) [start, length] = [i, j - i]
    i = j === i ? i + 1 : j
  }
  const hex = (gs: Array<number>) => gs.map((g) => g.toString(16)).join(":")
  return start === -1 ? hex(groups) : `${hex(groups.slice(0, start))}::${hex(groups.slice(start + length))}`
}

const masked = (ip: IpAddress, prefix: number): IpAddress =>
  ip.map((byte, i) => {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i))
    return byte & (0xff00 >> bits)
  })

/**
 * Parses `address` or `address/prefix` (IPv4 prefixes 0..32, IPv6 0..128); a bare address is a range of one.
 * Host bits after the prefix are cleared (`10.1.2.3/8` is `10.0.0.0/8`).
 */
export const parseIpRange = (text: string): IpRange | undefined => {
  const slash = text.indexOf("/")
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash))
  if (ip === undefined) return undefined
  const v4 = !text.includes(":")
  const bits = slash === -1 ? (v4 ? 32 : 128) : /^(?:0|[1-9][0-9]{0,2})$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : NaN
  if (!(bits <= (v4 ? 32 : 128))) return undefined
  const prefix = v4 ? bits + 96 : bits
  return { network: masked(ip, prefix), prefix }
}

/** Whether `ip` lies in `range`. */
export const inRange = (ip: IpAddress, range: IpRange): boolean =>
  masked(ip, range.prefix).every((byte, i) => byte === range.network[i])

/** The text of a range, canonical (`10.0.0.0/8`, `fc00::/7`). */
export const formatIpRange = (range: IpRange): string =>
  `${formatIp(range.network)}/${isV4(range.network) && range.prefix >= 96 ? range.prefix - 96 : range.prefix}`
