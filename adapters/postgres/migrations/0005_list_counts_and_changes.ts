import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Exact list totals without counting, and change notices for caches (docs/decisions/0009).
 *
 * `list_counts` holds the size of each public feed (`feed:hold`: not deleted and censor success; `feed:off`: not deleted
 * and censor not failed) and `owner_video_counts` the size of each owner's list (not deleted). Statement
 * triggers on `videos` keep them in the same transaction as the write, so a total is never ahead of or behind its list.
 *
 * Statement triggers send `pg_notify('qu_changes', scope)` on every write that can change what servers cache:
 * `videos` for the lists, `users` for sessions and profiles (a nickname shows in lists, so users also send `videos`).
 * A notice is delivered when its transaction commits, to every server listening, whoever wrote the row.
 */
// The rows a statement changed, each with +1 (as it is now) or -1 (as it was).
const CHANGED_ROWS = {
  INSERT: "select owner_id, deleted_at, censor_status, 1 as sign from new_rows",
  UPDATE: "select owner_id, deleted_at, censor_status, 1 as sign from new_rows " +
    "union all select owner_id, deleted_at, censor_status, -1 from old_rows",
  DELETE: "select owner_id, deleted_at, censor_status, -1 as sign from old_rows"
} as const

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // No write may slip between the counting below and the triggers that take over from it.
  yield* sql`lock table videos in share row exclusive mode`
  yield* sql`create table if not exists list_counts (scope text primary key, total bigint not null)`
  yield* sql`create table if not exists owner_video_counts (
      owner_id bigint primary key references users (user_id),
      total bigint not null
    )`
  yield* sql`insert into list_counts (scope, total)
    select 'feed:hold', count(*) from videos where deleted_at is null and censor_status = 'success'
    on conflict (scope) do nothing`
  yield* sql`insert into list_counts (scope, total)
    select 'feed:off', count(*) from videos where deleted_at is null and censor_status <> 'fail'
    on conflict (scope) do nothing`
  yield* sql`insert into owner_video_counts (owner_id, total)
    select owner_id, count(*) from videos where deleted_at is null group by owner_id
    on conflict (owner_id) do nothing`
  // Statement triggers with transition tables: one counter update per statement, however many rows it writes (a row
  // trigger would update the same counter row once per row). Counters are updated in one order — hold, off, then
  // owners by id — so concurrent writers never wait on each other in a cycle.
  for (const [op, rows] of Object.entries(CHANGED_ROWS)) {
    yield* sql.unsafe(`create or replace function qu_count_videos_${op.toLowerCase()}() returns trigger
      language plpgsql as $$
      declare hold bigint; off bigint;
      begin
        select coalesce(sum(sign) filter (where deleted_at is null and censor_status = 'success'), 0),
            coalesce(sum(sign) filter (where deleted_at is null and censor_status <> 'fail'), 0)
          into hold, off from (${rows}) changed;
        if hold <> 0 then update list_counts set total = total + hold where scope = 'feed:hold'; end if;
        if off <> 0 then update list_counts set total = total + off where scope = 'feed:off'; end if;
        insert into owner_video_counts as c (owner_id, total)
          select owner_id, sum(sign) from (${rows}) changed where deleted_at is null
          group by owner_id having sum(sign) <> 0 order by owner_id
          on conflict (owner_id) do update set total = c.total + excluded.total;
        return null;
      end $$`)
    yield* sql.unsafe(`drop trigger if exists videos_count_${op.toLowerCase()} on videos`)
    yield* sql.unsafe(`create trigger videos_count_${op.toLowerCase()} after ${op} on videos
      referencing ${op === "INSERT" ? "" : "old table as old_rows"} ${op === "DELETE" ? "" : "new table as new_rows"}
      for each statement execute function qu_count_videos_${op.toLowerCase()}()`)
  }
  yield* sql.unsafe(`create or replace function qu_notify_change() returns trigger language plpgsql as $$
    declare scope text;
    begin
      foreach scope in array tg_argv loop
        perform pg_notify('qu_changes', scope);
      end loop;
      return null;
    end $$`)
  yield* sql`drop trigger if exists videos_changed on videos`
  yield* sql`create trigger videos_changed after insert or update or delete on videos
    for each statement execute function qu_notify_change('videos')`
  yield* sql`drop trigger if exists users_changed on users`
  yield* sql`create trigger users_changed after update or delete on users
    for each statement execute function qu_notify_change('users', 'videos')`
  yield* sql`drop trigger if exists sessions_changed on sessions`
  yield* sql`create trigger sessions_changed after update or delete on sessions
    for each statement execute function qu_notify_change('users')`
})
