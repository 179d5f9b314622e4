/**
 * What a case points at: observables (addresses, domains, URLs, hashes, mail addresses,
 * hosts, files), alerts of the same company and single events. An observable is kept in
 * its canonical form so the same address typed twice is one link.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../api/errors.js';
import type { StateDb } from '../storage/state/state-db.js';
import { getAlert } from './alerts-repo.js';
import { type LinkInput, normalizeObservable } from './case-model.js';
import type { Actor } from './cases-commands.js';
import { type CaseRow, deleteLink, getLink, insertLink, type LinkRow } from './cases-repo.js';
import { OBSERVABLE_TYPES, type ObservableType } from './model.js';
import { appendTimeline } from './timeline.js';

/** The stored key of an event link: the event's time and a digest of its JSON. */
export function eventKey(event: Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 16);
  return `${String(event.ts)}#${digest}`;
}

async function keyOf(
  db: StateDb,
  row: CaseRow,
  input: LinkInput,
): Promise<{ kind: LinkRow['kind']; type: string; value: string; detail: unknown }> {
  switch (input.kind) {
    case 'observable': {
      const n = normalizeObservable(input.type, input.value);
      if ('error' in n) throw new ApiError(400, 'invalid-input', `value: not ${n.error}`, 'value');
      return { kind: 'observable', type: input.type, value: n.value, detail: null };
    }
    case 'alert': {
      // only an alert of the case's own company; any other id is simply not one of them
      const a = await getAlert(db, row.tenant, input.alertId);
      if (!a)
        throw new ApiError(400, 'invalid-input', 'alertId: no alert of this company has that id', 'alertId');
      return {
        kind: 'alert',
        type: 'alert',
        value: a.id,
        detail: { ruleId: a.rule_id, title: a.title, titleJa: a.title_ja, level: a.level },
      };
    }
    case 'event':
      return { kind: 'event', type: 'event', value: eventKey(input.event), detail: input.event };
  }
}

/** Adds a link (an existing identical link is answered as it is). */
export async function addLink(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  input: LinkInput,
  now: number,
): Promise<{ link: LinkRow; created: boolean }> {
  const k = await keyOf(db, row, input);
  return db.transaction().execute(async (trx) => {
    const existing = await getLink(trx, row.tenant, row.id, k);
    if (existing) return { link: existing, created: false };
    const link: LinkRow = {
      case_id: row.id,
      tenant: row.tenant,
      kind: k.kind,
      type: k.type,
      value: k.value,
      note: input.note ?? null,
      detail: k.detail === null ? null : JSON.stringify(k.detail),
      created_by: actor.userId,
      created_at: now,
    };
    await insertLink(trx, link);
    await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      {
        kind: 'link',
        visibility: 'internal',
        detail: { action: 'add', kind: k.kind, type: k.type, value: k.value },
      },
      now,
    );
    return { link, created: true };
  });
}

/** Removes a link; 404 when the case has no such link. */
export async function removeLink(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  key: { kind: LinkRow['kind']; type: string; value: string },
  now: number,
): Promise<void> {
  let value = key.value;
  if (key.kind === 'observable' && (OBSERVABLE_TYPES as readonly string[]).includes(key.type)) {
    const n = normalizeObservable(key.type as ObservableType, key.value);
    if ('value' in n) value = n.value;
  }
  await db.transaction().execute(async (trx) => {
    const n = await deleteLink(trx, row.tenant, row.id, { ...key, value });
    if (n === 0) throw new ApiError(404, 'not-found', 'the case has no such link');
    await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      {
        kind: 'link',
        visibility: 'internal',
        detail: { action: 'remove', kind: key.kind, type: key.type, value },
      },
      now,
    );
  });
}
