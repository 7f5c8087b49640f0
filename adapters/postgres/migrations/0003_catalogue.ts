import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

const category = (table: string) => `
  create table if not exists ${table} (
    id integer primary key,
    name text not null,
    description text not null,
    icon text not null,
    preview text not null,
    level integer not null,
    sort integer not null,
    created_at timestamptz not null
  )`

/**
 * The editor catalogue. `catalogue_state` is one row whose revision grows with every import (the row an import updates
 * first, so concurrent imports serialize on it); entries hang off their category or MV and go with it. Relative asset
 * references are stored as given and resolved when served. Every statement is idempotent.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    create table if not exists catalogue_state (
      id smallint primary key check (id = 1),
      revision integer not null,
      imported_at timestamptz null
    )`
  yield* sql`insert into catalogue_state (id, revision) values (1, 0) on conflict (id) do nothing`
  yield* sql`
    create table if not exists catalogue_fonts (
      id integer primary key,
      name text not null,
      banner text not null,
      icon text not null,
      url text not null,
      md5 text not null,
      level integer not null,
      sort integer not null
    )`
  yield* sql`
    create table if not exists catalogue_music (
      music_id text primary key,
      title text not null,
      artist_name text not null,
      duration_seconds integer not null,
      source text not null,
      image text not null,
      url text not null,
      sort integer not null
    )`
  yield* sql.unsafe(category("catalogue_sticker_categories"))
  yield* sql`
    create table if not exists catalogue_stickers (
      id integer primary key,
      category_id integer not null references catalogue_sticker_categories (id) on delete cascade,
      kind text not null check (kind in ('front', 'back')),
      name text not null,
      icon text not null,
      preview text not null,
      url text not null,
      md5 text not null,
      sort integer not null,
      created_at timestamptz not null
    )`
  yield* sql`create index if not exists catalogue_stickers_category_id on catalogue_stickers (category_id)`
  yield* sql.unsafe(category("catalogue_caption_categories"))
  yield* sql`
    create table if not exists catalogue_captions (
      id integer primary key,
      category_id integer not null references catalogue_caption_categories (id) on delete cascade,
      font_id integer not null references catalogue_fonts (id),
      name text not null,
      icon text not null,
      preview text not null,
      url text not null,
      md5 text not null,
      sort integer not null,
      created_at timestamptz not null
    )`
  yield* sql`create index if not exists catalogue_captions_category_id on catalogue_captions (category_id)`
  yield* sql`create index if not exists catalogue_captions_font_id on catalogue_captions (font_id)`
  yield* sql`
    create table if not exists catalogue_mvs (
      id integer primary key,
      name text not null,
      icon text not null,
      preview_pic text not null,
      preview_mp4 text not null,
      duration_seconds integer not null,
      level integer not null,
      sort integer not null,
      created_at timestamptz not null
    )`
  yield* sql`
    create table if not exists catalogue_mv_variants (
      mv_id integer not null references catalogue_mvs (id) on delete cascade,
      aspect text not null check (aspect in ('1:1', '4:3', '16:9')),
      url text not null,
      md5 text not null,
      primary key (mv_id, aspect)
    )`
})
