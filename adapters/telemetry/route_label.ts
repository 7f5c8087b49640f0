import { HttpApi, type HttpApiGroup } from "@effect/platform"

/** The label of requests to no known route: one series for every scanner probe and typo. */
export const UNMATCHED_ROUTE = "unmatched"

/** Every path of an HttpApi contract (the API has no path parameters, so a path is its route). */
export const apiPaths = <Id extends string, Groups extends HttpApiGroup.HttpApiGroup.Any, E, R>(
  api: HttpApi.HttpApi<Id, Groups, E, R>
): ReadonlyArray<string> => {
  const paths: Array<string> = []
  HttpApi.reflect(api, { onGroup: () => {}, onEndpoint: ({ endpoint }) => paths.push(endpoint.path) })
  return paths
}

/**
 * The `route` label of a request path, from a bounded set: a known path as it is, a path under a prefix as
 * `<prefix>*` (e.g. `/assets/*`), anything else {@link UNMATCHED_ROUTE}, so metrics cannot grow one series per URL.
 */
export const makeRouteLabel = (paths: Iterable<string>, prefixes: ReadonlyArray<string> = []) => {
  const known = new Set(paths)
  return (pathname: string): string => {
    if (known.has(pathname)) return pathname
    for (const prefix of prefixes) if (pathname.startsWith(prefix)) return `${prefix}*`
    return UNMATCHED_ROUTE
  }
}
