/** Parameter names whose values never reach a log: passwords, tokens, keys, signatures. */
export const SECRET_PARAMETER = /pass|token|secret|signature|auth|key/i

/** A query string for the log, with the values of secret parameters replaced. */
export const redactedQuery = (params: URLSearchParams): string => {
  const out = new URLSearchParams()
  for (const [key, value] of params) out.append(key, SECRET_PARAMETER.test(key) ? "[REDACTED]" : value)
  return out.toString()
}
