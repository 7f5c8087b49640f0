import type { SqlClient, Statement } from "@effect/sql"

/** The cursor value that means "no cursor": above every int4 id, so no video has it. */
export const NO_CURSOR = 2 ** 31

/**
 * One statement answering recommend-list pages, one per row of `asked (cursor, k)`: each row gives `k`, the total,
 * then a video with its author (the repository's columns, nickname, avatar url) and three ordering columns, or null
 * video columns for an empty page. The sequence is docs/admin.md's: the pinned videos the feed shows in pin order,
 * then the unpinned ones newest first. Without a cursor ({@link NO_CURSOR}) the whole sequence; a cursor that is a
 * pinned video's id continues after that pin; any other cursor continues the unpinned videos below it.
 *
 * The unpinned branch is the keyset scan of the feed's partial index it always was (plus `pin_position is null`);
 * the pinned branch is gated by a one-time filter, so a cursor page past the pins scans nothing more than the cursor's
 * own row (one primary-key probe).
 */
export const feedStatement = (
  sql: SqlClient.SqlClient,
  parts: {
    readonly columns: Statement.Fragment
    readonly filter: Statement.Fragment
    readonly total: Statement.Fragment
    /** A row source named `asked` with columns `cursor` (bigint) and `k`. */
    readonly asked: Statement.Fragment
    readonly limit: number
    readonly offset: number
  }
) => {
  const { asked, columns, filter, limit, offset, total } = parts
  const each = limit + offset
  return sql`select asked.k, counted.total, listed.*
    from ${asked}
    cross join (select coalesce((${total}), 0)::integer as total) counted
    left join lateral (select videos.pin_position as p from videos where videos.id = asked.cursor) cur on true
    left join lateral (select * from (
      (select ${columns}, users.nickname, users.avatar_url,
          0 as pin_part, videos.pin_position as pin_order, videos.id as pin_id
        from videos join users on users.user_id = videos.owner_id
        where ${filter} and videos.pin_position is not null
          and (asked.cursor = ${NO_CURSOR} or cur.p is not null)
          and (asked.cursor = ${NO_CURSOR} or (videos.pin_position, -videos.id) > (cur.p, -asked.cursor))
        order by videos.pin_position, videos.id desc limit ${each})
      union all
      (select ${columns}, users.nickname, users.avatar_url, 1, 0, videos.id
        from videos join users on users.user_id = videos.owner_id
        where ${filter} and videos.pin_position is null
          and videos.id < (case when cur.p is null then asked.cursor else ${NO_CURSOR} end)
        order by videos.id desc limit ${each})
    ) feed order by pin_part, pin_order, pin_id desc limit ${limit} offset ${offset}) listed on true
    order by asked.k, listed.pin_part, listed.pin_order, listed.pin_id desc`
}
