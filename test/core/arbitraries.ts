import { FastCheck as fc, Redacted } from "effect"
import type { Nickname, Password, Username } from "../../core/domain/user.ts"

/** Any valid username. */
export const username = fc.stringMatching(/^[A-Za-z0-9_.-]{3,32}$/).map((s) => s as Username)

/** Any valid password (8..128 UTF-16 units, any characters). */
export const password = fc.string({ minLength: 8, maxLength: 128, unit: "binary" })
  .filter((s) => s.length >= 8 && s.length <= 128)
  .map((s): Password => Redacted.make(s))

/** Any valid nickname. */
export const nickname = fc.string({ minLength: 1, maxLength: 32, unit: "grapheme" })
  .filter((s) => [...s].length <= 32 && s.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(s))
  .map((s) => s as Nickname)

/** A username with the letter case of every character flipped where it has one. */
export const flipCase = (name: Username): Username =>
  [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("") as Username
