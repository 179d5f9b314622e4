/**
 * Human numbers for cases, dispatches and claims ("C-2026-0042"): one counter per kind
 * and year, bumped in the caller's transaction so two desks never get the same number.
 */
import type { Transaction } from 'kysely';
import type { StateDb, StateTables } from '../storage/state/state-db.js';

export type NumberKind = 'C' | 'D' | 'I';

/** The year is Japan's calendar year of `nowMs` (the desk works in Japan time). */
export async function nextNumber(
  db: StateDb | Transaction<StateTables>,
  kind: NumberKind,
  nowMs: number,
): Promise<string> {
  const year = new Date(nowMs + 9 * 3_600_000).getUTCFullYear();
  const name = `${kind}-${year}`;
  const row = await db
    .insertInto('desk_counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('desk_counters.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${name}-${String(row.value).padStart(4, '0')}`;
}
