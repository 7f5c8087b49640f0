import { Effect, Layer, Random } from "effect"
import type { Nickname } from "../../core/domain/user.ts"
import { ProfileGenerator } from "../../core/ports/profile_generator.ts"

const adjectives = [
  "快乐的", "安静的", "勇敢的", "好奇的", "闪亮的", "慢悠悠的", "爱笑的", "认真的", "自由的", "温柔的",
  "机智的", "热情的", "淡定的", "调皮的", "迷糊的", "阳光的"
] as const
const nouns = [
  "熊猫", "海豚", "柴犬", "橘猫", "企鹅", "狐狸", "兔子", "松鼠", "鲸鱼", "考拉", "小鹿", "刺猬", "水獭", "仓鼠",
  "猫头鹰", "羊驼"
] as const

/** How many avatar pictures exist under the avatar base URL (`avatar-01.png` …). */
export const AVATAR_COUNT = 12

/**
 * Random nicknames such as "快乐的熊猫1234" and one of {@link AVATAR_COUNT} avatars under `avatarBaseUrl`.
 * Uses Effect's Random service, so tests can seed it.
 */
export const make = (avatarBaseUrl: string) => {
  const base = avatarBaseUrl.endsWith("/") ? avatarBaseUrl : `${avatarBaseUrl}/`
  return ProfileGenerator.of({
    random: Effect.gen(function*() {
      const adjective = adjectives[yield* Random.nextIntBetween(0, adjectives.length)]!
      const noun = nouns[yield* Random.nextIntBetween(0, nouns.length)]!
      const suffix = yield* Random.nextIntBetween(1000, 10000)
      const avatar = yield* Random.nextIntBetween(1, AVATAR_COUNT + 1)
      return {
        nickname: `${adjective}${noun}${suffix}` as Nickname,
        avatarUrl: `${base}avatar-${String(avatar).padStart(2, "0")}.png`
      }
    })
  })
}

/** A profile generator whose avatars live under `avatarBaseUrl`. */
export const layer = (avatarBaseUrl: string) => Layer.succeed(ProfileGenerator, make(avatarBaseUrl))
