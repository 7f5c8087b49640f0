import { Duration, Layer } from "effect"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"
import { AuthSettings } from "../core/ports/auth_settings.ts"
import * as SessionCache from "../core/caches/session_cache.ts"
import { DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_THROTTLES } from "./config.ts"
import { memoryDatabase } from "./databases.ts"

/** The default token lifetime tests assume. */
export const TEST_TOKEN_TTL = Duration.days(30)

/** The session policy of {@link coreTestLayer}: the production limits with {@link TEST_TOKEN_TTL}. */
export const TEST_AUTH_SETTINGS: typeof AuthSettings.Service = {
  tokenTtl: TEST_TOKEN_TTL,
  maxSessionsPerUser: DEFAULT_MAX_SESSIONS_PER_USER,
  throttles: DEFAULT_THROTTLES
}

/** Every port the user use cases need, in memory, with cheap password hashing, under `settings`; fresh state each build. */
export const coreTestLayerWith = (settings: Partial<typeof AuthSettings.Service>) =>
  SessionCache.layer().pipe(Layer.provideMerge(Layer.mergeAll(
    memoryDatabase,
    ScryptPasswordHasher.layerTest,
    TokenGenerator.layer,
    IdGenerator.layer,
    ProfileGenerator.layer("http://localhost:8080/assets/avatars/"),
    Layer.succeed(AuthSettings, AuthSettings.of({ ...TEST_AUTH_SETTINGS, ...settings }))
  )))

/** {@link coreTestLayerWith} the {@link TEST_AUTH_SETTINGS}. */
export const coreTestLayer = coreTestLayerWith({})
