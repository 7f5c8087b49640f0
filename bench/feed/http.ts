/** HTTP helpers of bench/video_feed.ts: checked GETs, the bench user, the bare node:http counterpart. */
import { createServer } from "node:http"

/** One answer's exact bytes and content type, after checking its envelope. */
export interface Answer {
  readonly body: Buffer
  readonly contentType: string
}

const hideToken = (url: string) => url.replace(/token=[^&]*/, "token=…")

/**
 * GETs `url` and fails loudly unless it answers HTTP 200 with envelope code "200" (the server answers business errors
 * with HTTP 200, so wrk alone cannot tell) and, when `full` is given, a videoList of exactly `full` items.
 */
export const getChecked = async (url: string, full?: number): Promise<Answer> => {
  const response = await fetch(url)
  const body = Buffer.from(await response.arrayBuffer())
  const json = JSON.parse(body.toString("utf8")) as { code?: string; data?: { videoList?: Array<unknown> } | null }
  if (response.status !== 200 || json.code !== "200") {
    throw new Error(`${hideToken(url)} answered HTTP ${response.status}, code ${json.code}: ${body.toString("utf8", 0, 300)}`)
  }
  const items = json.data?.videoList?.length
  if (full !== undefined && items !== full) throw new Error(`${hideToken(url)}: the page is not full (${items} of ${full})`)
  return { body, contentType: response.headers.get("content-type") ?? "application/json" }
}

const USERNAME = "bench_personal"
const PASSWORD = "bench-personal-password"

/** Registers the bench's user once (a re-run finds it taken) and logs it in: a fresh valid token every run. */
export const benchUser = async (base: string): Promise<{ readonly token: string; readonly userId: string }> => {
  const credentials = `username=${USERNAME}&password=${PASSWORD}`
  await fetch(`${base}/user/register?${credentials}`).then((r) => r.arrayBuffer())
  const answer = (await (await fetch(`${base}/user/login?${credentials}`)).json()) as {
    code: string
    data: { token: string; userId: string } | null
  }
  if (answer.code !== "200" || answer.data === null) throw new Error(`cannot log in as ${USERNAME}: ${JSON.stringify(answer)}`)
  return answer.data
}

/** A node:http server on 127.0.0.1 answering every request with `answer`'s bytes and content type. */
export const startBare = async (answer: Answer) => {
  const headers = { "content-type": answer.contentType, "content-length": answer.body.length }
  const server = createServer((_, res) => {
    res.writeHead(200, headers)
    res.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
