/** The wrk Lua script of the random-cursor target, written into a directory at run time (the build copies no .lua). */
import { writeFileSync } from "node:fs"
import { join } from "node:path"

const script = `-- Random cursor pages of the public feed: every request asks for the page below a cursor id drawn
-- uniformly in [1, maxId]. Run: wrk -s feed_random.lua http://host:port/ -- <token> <maxId>
local token, maxId

function init(args)
  token = args[1]
  maxId = tonumber(args[2])
  assert(token ~= nil and maxId ~= nil and maxId >= 1, "usage: wrk -s feed_random.lua <url> -- <token> <maxId>")
  math.randomseed(os.time())
end

function request()
  local id = math.random(1, maxId)
  return wrk.format("GET", "/vod/getRecommendVideoList?token=" .. token .. "&pageIndex=1&pageSize=20&id=" .. id)
end
`

/** Writes feed_random.lua into `dir` and answers its path. */
export const writeRandomScript = (dir: string) => {
  const path = join(dir, "feed_random.lua")
  writeFileSync(path, script)
  return path
}
