/**
 * A case's timeline: every change to a case, its dispatches and claims adds one entry.
 * Entries marked `company` are what the company sees of its case.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Principal } from '../accounts/model.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import type { TimelineKind, Visibility } from './model.js';

export interface TimelineEntryInput {
  kind: TimelineKind;
  visibility: Visibility;
  body?: string | null;
  detail?: Record<string, unknown>;
}

let lastMs = -1;
let seq = 0;

/**
 * UUID-shaped ids that sort by time and, within one millisecond, by creation in this
 * process (like UUIDv7), so a timeline read `ORDER BY at, id` keeps the order in which
 * one request wrote its entries (a status move and its note share a millisecond).
 */
export function timelineId(nowMs: number): string {
  if (nowMs === lastMs) seq++;
  else {
    lastMs = nowMs;
    seq = 0;
  }
  const hex =
    Math.max(0, nowMs).toString(16).padStart(12, '0').slice(-12) +
    (seq & 0xffff).toString(16).padStart(4, '0') +
    randomBytes(8).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function appendTimeline(
  db: StateDb | Transaction<StateTables>,
  tenant: string,
  caseId: string,
  actor: Pick<Principal, 'userId' | 'name' | 'role'> | null,
  entry: TimelineEntryInput,
  nowMs: number,
): Promise<string> {
  const id = timelineId(nowMs);
  await db
    .insertInto('desk_case_timeline')
    .values({
      id,
      case_id: caseId,
      tenant,
      at: nowMs,
      actor_id: actor?.userId ?? null,
      actor_name: actor?.name ?? null,
      actor_role: actor?.role ?? null,
      kind: entry.kind,
      visibility: entry.visibility,
      body: entry.body ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
  await db.updateTable('desk_cases').set({ updated_at: nowMs }).where('id', '=', caseId).execute();
  return id;
}
