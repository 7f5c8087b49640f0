import { Layer } from "effect"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"
import { AuthSettings } from "../core/ports/auth_settings.ts"
import * as SessionCache from "../core/caches/session_cache.ts"
import { serverConfigFrom } from "./config.ts"
import { memoryDatabase } from "./databases.ts"

// The production defaults: the configuration read with no variable set.
const defaults = serverConfigFrom({})

/** The default token lifetime tests assume (QU_TOKEN_TTL's default). */
export const TEST_TOKEN_TTL = defaults.tokenTtl

/** The session policy of {@link coreTestLayer}: the production defaults. */
export const TEST_AUTH_SETTINGS: typeof AuthSettings.Service = {
  tokenTtl: defaults.tokenTtl,
  maxSessionsPerUser: defaults.maxSessionsPerUser,
  throttles: defaults.throttles
}

/** Every port the user use cases need, in memory, with cheap password hashing, under `settings`; fresh state each build. */
export const coreTestLayerWith = (settings: Partial<typeof AuthSettings.Service>) =>
  SessionCache.sessionCacheLayer().pipe(Layer.provideMerge(Layer.mergeAll(
    memoryDatabase,
    ScryptPasswordHasher.layerTest,
    TokenGenerator.layer,
    IdGenerator.layer,
    ProfileGenerator.layer("http://localhost:8080/assets/avatars/"),
    Layer.succeed(AuthSettings, AuthSettings.of({ ...TEST_AUTH_SETTINGS, ...settings }))
  )))

/** {@link coreTestLayerWith} the {@link TEST_AUTH_SETTINGS}. */
export const coreTestLayer = coreTestLayerWith({})
