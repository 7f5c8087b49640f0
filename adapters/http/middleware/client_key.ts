import type { HttpServerRequest } from "@effect/platform"
import { Option } from "effect"
import { forwardedClient, type ProxyTrust } from "./forwarded_for.ts"
import type { HttpSettings } from "../http_settings.ts"
import { formatIp, formatIpRange, isV4, parseIp, parseIpRange } from "./ip_address.ts"

/**
 * The client's address, canonical: the socket peer or, with `trustProxy`, the right-most X-Forwarded-For address
 * that is not one of `trustedProxies` (see {@link forwardedClient}). Takes the {@link HttpSettings} value.
 */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest, settings: ProxyTrust): string =>
  forwardedClient(Option.getOrUndefined(request.remoteAddress), request.headers["x-forwarded-for"], settings)

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
