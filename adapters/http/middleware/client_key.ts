import type { HttpServerRequest } from "@effect/platform"
import { clientAddress } from "./demo_gate.ts"
import type { HttpSettings } from "../http_settings.ts"
import { formatIp, formatIpRange, isV4, parseIp, parseIpRange } from "./ip_address.ts"

/**
 * The key a client is limited and counted under (login, registration and anonymous-user limits, upload quotas): its
 * address for IPv4, its /64 network for IPv6 (what one subscriber usually holds, so hopping between its addresses
 * gains nothing).
 */
export const clientKey = (request: HttpServerRequest.HttpServerRequest, settings: HttpSettings["Type"]): string => {
  const address = clientAddress(request, settings)
  const ip = parseIp(address)
  if (ip === undefined || isV4(ip)) return address
  const network = parseIpRange(`${formatIp(ip)}/64`)
  return network === undefined ? address : formatIpRange(network)
}
