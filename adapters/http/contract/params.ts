import { Schema } from "effect"

// Numbers arrive as strings (docs/reference/api-contract.md §2); every message names its parameter and never echoes the value.

/** A parameter parsed from a numeric string. */
export const NumberParam = (name: string) =>
  Schema.NumberFromString.annotations({ message: () => `${name} must be a number` })

/** A parameter parsed from a whole-number string. */
export const IntParam = (name: string) =>
  Schema.NumberFromString.pipe(Schema.int({ message: () => `${name} must be a whole number` }))
    .annotations({ message: () => `${name} must be a whole number` })

/**
 * A free-text parameter. NUL (U+0000) is refused here, once for every endpoint: PostgreSQL refuses it in text, and no
 * app sends one.
 */
export const TextParam = (name: string) =>
  Schema.String.pipe(Schema.filter((s) => !s.includes("\u0000") || `${name} must not contain a NUL character`))

/** A parameter decoded by a core schema (username, password, nickname), refusing NUL before that schema runs. */
export const TextParamOf = <A, R>(name: string, schema: Schema.Schema<A, string, R>) =>
  Schema.compose(TextParam(name), schema)

/**
 * The parameters of one endpoint. Every parameter is checked (not only up to the first bad one), so that a missing
 * required parameter is reported before a malformed one (decode_message.ts picks it).
 */
export const UrlParams = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct(fields).annotations({ parseOptions: { errors: "all" } })
