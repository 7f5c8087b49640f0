import { Schema } from "effect"

// Numbers arrive as strings (contract §2); every message names its parameter and never echoes the value.

/** A parameter parsed from a numeric string. */
export const NumberParam = (name: string) =>
  Schema.NumberFromString.annotations({ message: () => `${name} must be a number` })

/** A parameter parsed from a whole-number string. */
export const IntParam = (name: string) =>
  Schema.NumberFromString.pipe(Schema.int({ message: () => `${name} must be a whole number` }))
    .annotations({ message: () => `${name} must be a whole number` })
