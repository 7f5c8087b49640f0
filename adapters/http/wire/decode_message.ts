import type { HttpApiDecodeError } from "@effect/platform/HttpApiError"

/**
 * A message for a parameter that failed to decode, naming the parameter and never echoing its value
 * (it may be a password or token). A missing required parameter is reported before a malformed one.
 */
export const decodeMessage = (error: HttpApiDecodeError): string => {
  const issue = error.issues.find((i) => i._tag === "Missing") ?? error.issues[0]
  if (issue === undefined) return "Invalid request parameters"
  const parameter = issue.path.map(String).join(".") || "parameters"
  if (issue._tag === "Missing") return `${parameter} is required`
  // Messages written in our schemas start with the parameter's name and carry no value; Schema's own ones may.
  if (issue.message.startsWith(`${parameter} `)) return issue.message
  return `Invalid value for parameter ${parameter}`
}
