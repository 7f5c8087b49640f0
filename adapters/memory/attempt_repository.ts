import { DateTime, Effect, Layer, Option, Ref } from "effect"
import type { Attempt } from "../../core/domain/attempt.ts"
import { AttemptRepository } from "../../core/ports/attempt_repository.ts"
import { MemoryStore } from "./store.ts"

interface Row extends Attempt {
  readonly id: string
}

interface Table {
  readonly next: number
  readonly rows: ReadonlyArray<Row>
}

const after = (since: DateTime.Utc) => (row: Row) => DateTime.greaterThan(row.at, since)

const make = Effect.gen(function*() {
  const store = yield* MemoryStore
  const table = store.table<Table>("auth_attempts", { next: 1, rows: [] })
  const countIn = (rows: ReadonlyArray<Row>, scope: string, key: string, since: DateTime.Utc) =>
    rows.filter((row) => row.scope === scope && row.key === key && after(since)(row)).length

  return AttemptRepository.of({
    // One write at a time (the store's lock): counting and recording cannot interleave.
    recordUnder: (attempt, since, max) =>
      store.write(Ref.modify(table, (t): readonly [Option.Option<string>, Table] => {
        if (countIn(t.rows, attempt.scope, attempt.key, since) >= max) return [Option.none(), t]
        const id = String(t.next)
        return [Option.some(id), { next: t.next + 1, rows: [...t.rows, { ...attempt, id }] }]
      })),
    count: (scope, key, since) => Effect.map(Ref.get(table), (t) => countIn(t.rows, scope, key, since)),
    remove: (id) => store.write(Ref.update(table, (t) => ({ ...t, rows: t.rows.filter((row) => row.id !== id) }))),
    prune: (before) =>
      store.write(Ref.modify(table, (t): readonly [number, Table] => {
        const rows = t.rows.filter((row) => !DateTime.lessThan(row.at, before))
        return [t.rows.length - rows.length, { ...t, rows }]
      }))
  })
})

/** Rate-limited attempts in memory. */
export const layer = Layer.effect(AttemptRepository, make)
