import { Config, Option, Redacted } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"

/** The shortest operator token accepted (QU_ADMIN_TOKEN, QU_METRICS_TOKEN): 24 characters, e.g. `openssl rand -hex 24`. */
export const MIN_SECRET_TOKEN_LENGTH = 24

/**
 * An operator's secret token from the variable `name`: unset or empty is none; shorter than
 * {@link MIN_SECRET_TOKEN_LENGTH} stops start-up, naming the variable (checked as a string: a check after
 * Config.redacted loses the name in the message).
 */
export const secretTokenConfig = (name: string): Config.Config<Option.Option<Redacted.Redacted<string>>> =>
  Config.option(Config.string(name).pipe(
    Config.validate({
      message: `must be at least ${MIN_SECRET_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`,
      validation: (token) => token.trim() === "" || token.trim().length >= MIN_SECRET_TOKEN_LENGTH
    }),
    Config.map(Redacted.make)
  )).pipe(Config.map(Option.filter((token) => Redacted.value(token).trim() !== "")))

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest()

/**
 * Whether an offered value is the token, compared in constant time over SHA-256 digests, so neither the token's
 * content nor its length shows in the time taken.
 */
export const makeSecretTokenCheck = (token: Redacted.Redacted<string>): (offered: string) => boolean => {
  const expected = digest(Redacted.value(token))
  return (offered) => timingSafeEqual(digest(offered), expected)
}
