import { Duration, Layer } from "effect"
import * as ScryptPasswordHasher from "../adapters/crypto/scrypt_password_hasher.ts"
import * as IdGenerator from "../adapters/crypto/id_generator.ts"
import * as TokenGenerator from "../adapters/crypto/token_generator.ts"
import * as ProfileGenerator from "../adapters/profile/word_profile_generator.ts"
import { AuthSettings } from "../core/ports/auth_settings.ts"
import * as SessionCache from "../core/use_cases/session_cache.ts"
import { memoryDatabase } from "./databases.ts"

/** The default token lifetime tests assume. */
export const TEST_TOKEN_TTL = Duration.days(30)

/** Every port the user use cases need, in memory, with cheap password hashing; fresh state each time it is built. */
export const coreTestLayer = SessionCache.layer().pipe(Layer.provideMerge(Layer.mergeAll(
  memoryDatabase,
  ScryptPasswordHasher.layerTest,
  TokenGenerator.layer,
  IdGenerator.layer,
  ProfileGenerator.layer("http://localhost:8080/assets/avatars/"),
  Layer.succeed(AuthSettings, AuthSettings.of({ tokenTtl: TEST_TOKEN_TTL }))
)))
