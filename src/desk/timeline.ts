/**
 * A case's timeline: every change to a case, its dispatches and claims adds one entry.
 * Entries marked `company` are what the company sees of its case.
 */
import { randomUUID } from 'node:crypto';
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

export async function appendTimeline(
  db: StateDb | Transaction<StateTables>,
  tenant: string,
  caseId: string,
  actor: Pick<Principal, 'userId' | 'name' | 'role'> | null,
  entry: TimelineEntryInput,
  nowMs: number,
): Promise<string> {
  const id = randomUUID();
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
