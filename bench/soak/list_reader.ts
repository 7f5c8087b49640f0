import type { Phone } from "./client.ts"

/** What the audit needs of a listed video. */
export interface Item { readonly id: string; readonly videoId: string; readonly userId: string | undefined }

const PAGE = 50

/** Pages through a whole list by cursor; undefined when a page could not be read after three tries. */
export const readAll = async (phone: Phone, endpoint: string, token: string) => {
  const items: Array<Item> = []
  let total: number | undefined
  let cursor: string | undefined
  for (;;) {
    const query = { token, pageIndex: "1", pageSize: String(PAGE), ...(cursor === undefined ? {} : { id: cursor }) }
    let data: { total: number; videoList: Array<{ id: string; videoId: string; user?: { userId?: string } }> } | undefined
    for (let attempt = 0; attempt < 3 && data === undefined; attempt++) {
      const reply = await phone.get(endpoint, query, false)
      if (reply.kind === "envelope" && reply.code === "200" && Array.isArray(reply.data?.videoList)) data = reply.data
    }
    if (data === undefined) return undefined
    total ??= data.total
    items.push(...data.videoList.map((v) => ({ id: String(v.id), videoId: String(v.videoId), userId: v.user?.userId })))
    if (data.videoList.length < PAGE) return { items, total }
    cursor = items[items.length - 1]!.id
  }
}

/** How often each videoId occurs. */
export const countBy = (items: ReadonlyArray<Item>) => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item.videoId, (counts.get(item.videoId) ?? 0) + 1)
  return counts
}

