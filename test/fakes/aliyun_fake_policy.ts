/** One statement of a RAM policy document, as far as the fake reads it (actions only; resources are all "*" here). */
interface Statement {
  readonly Effect?: unknown
  readonly Action?: unknown
}

const matches = (pattern: string, action: string) => {
  const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i")
  return regex.test(action)
}

const actionsOf = (statement: Statement): ReadonlyArray<string> =>
  typeof statement.Action === "string"
    ? [statement.Action]
    : Array.isArray(statement.Action)
    ? statement.Action.filter((a): a is string => typeof a === "string")
    : []

/**
 * Whether a session policy lets its STS credentials call `action` (`vod:GetPlayInfo`): as RAM evaluates it, an
 * explicit Deny wins, otherwise some Allow must match. No policy: the role's own rights, which the fake grants all.
 */
export const policyAllows = (policy: string | undefined, action: string): boolean => {
  if (policy === undefined) return true
  const document = JSON.parse(policy) as { readonly Statement?: ReadonlyArray<Statement> }
  const statements = document.Statement ?? []
  const hit = (effect: string) =>
    statements.some((s) => s.Effect === effect && actionsOf(s).some((pattern) => matches(pattern, action)))
  return !hit("Deny") && hit("Allow")
}
