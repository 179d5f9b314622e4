/**
 * The business rules of desk cases: opening one (staff, the company's web form, an
 * escalated alert), changing its fields, moving its status, notes and messages. Each
 * change runs in one transaction with its timeline entry; the routes add the audit
 * entry and tell the notifier.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Principal } from '../accounts/model.js';
import { ApiError } from '../api/errors.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import { closeAlertsOfCase } from './alerts-repo.js';
import type { CaseCreateInput, CasePatchInput, ConsultationInput } from './case-model.js';
import { parseWaiting } from './case-sla.js';
import { assignableStaff, type CaseRow, type Db, getCase, insertCase, updateCase } from './cases-repo.js';
import {
  CASE_TRANSITIONS,
  type CaseCategory,
  type CaseChannel,
  type CaseStatus,
  type Priority,
  type Urgency,
  type Visibility,
} from './model.js';
import { nextNumber } from './numbers.js';
import { findTemplate, newChecklist, type StepState } from './templates.js';
import { appendTimeline } from './timeline.js';

type Trx = Transaction<StateTables>;
export type Actor = Pick<Principal, 'userId' | 'name' | 'role' | 'tenant'>;

/** The web form's urgency decides the priority (docs/api.md "A company's consultations"). */
export const URGENCY_PRIORITY: Readonly<Record<Urgency, Priority>> = {
  now: 'critical',
  today: 'high',
  'this-week': 'normal',
  question: 'low',
};

export interface NewCase {
  tenant: string;
  title: string;
  description: string;
  category: CaseCategory;
  channel: CaseChannel;
  priority?: Priority;
  template?: string;
  occurredAt?: number | null;
  affectedHost?: string | null;
  urgency?: Urgency | null;
  reporterUserId?: string | null;
  reporterName?: string | null;
  reporterContact?: string | null;
  assigneeId?: string | null;
}

async function companyExists(db: Db, tenant: string): Promise<boolean> {
  return (
    (await db.selectFrom('companies').select('id').where('id', '=', tenant).executeTakeFirst()) !== undefined
  );
}

async function requireAssignee(db: Db, tenant: string, id: string) {
  const u = await assignableStaff(db, tenant, id);
  if (!u)
    throw new ApiError(
      400,
      'invalid-input',
      'assigneeId: not a staff user who may work on this company',
      'assigneeId',
    );
  return u;
}

/** Opens a case inside `trx` (escalation reuses it); answers the new row. */
export async function openCase(trx: Trx, actor: Actor | null, c: NewCase, now: number): Promise<CaseRow> {
  if (!(await companyExists(trx, c.tenant))) throw new ApiError(404, 'not-found', 'no such company');
  const template = c.template === undefined ? undefined : findTemplate(c.template);
  if (c.template !== undefined && !template)
    throw new ApiError(400, 'invalid-input', 'template: no such template', 'template');
  const assignee = c.assigneeId ? await requireAssignee(trx, c.tenant, c.assigneeId) : null;
  const row: CaseRow = {
    id: randomUUID(),
    number: await nextNumber(trx, 'C', now),
    tenant: c.tenant,
    title: c.title,
    description: c.description,
    category: c.category,
    channel: c.channel,
    priority: c.priority ?? template?.priority ?? 'normal',
    status: 'new',
    template: template?.id ?? null,
    occurred_at: c.occurredAt ?? null,
    affected_host: c.affectedHost ?? null,
    urgency: c.urgency ?? null,
    reporter_user_id: c.reporterUserId ?? null,
    reporter_name: c.reporterName ?? null,
    reporter_contact: c.reporterContact ?? null,
    assignee_id: assignee?.id ?? null,
    created_by: actor?.userId ?? null,
    created_at: now,
    updated_at: now,
    first_response_at: null,
    last_update_at: null,
    resolved_at: null,
    closed_at: null,
    resolution: null,
    waiting: '[]',
    reopened: 0,
    checklist: JSON.stringify(template ? newChecklist(template) : {}),
  };
  await insertCase(trx, row);
  await appendTimeline(
    trx,
    row.tenant,
    row.id,
    actor,
    {
      kind: 'created',
      visibility: 'company',
      detail: { number: row.number, channel: row.channel, priority: row.priority, template: row.template },
    },
    now,
  );
  if (assignee)
    await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      {
        kind: 'assign',
        visibility: 'internal',
        detail: { assigneeId: assignee.id, assigneeName: assignee.name },
      },
      now,
    );
  return row;
}

/** A case opened by staff (phone, mail, visit, web on the company's behalf). */
export async function createCase(
  db: StateDb,
  actor: Actor,
  input: CaseCreateInput,
  now: number,
): Promise<CaseRow> {
  return db.transaction().execute((trx) =>
    openCase(
      trx,
      actor,
      {
        tenant: input.tenant,
        title: input.title,
        description: input.description,
        category: input.category,
        channel: input.channel,
        priority: input.priority,
        template: input.template,
        occurredAt: input.occurredAt,
        affectedHost: input.affectedHost,
        reporterName: input.reporterName,
        reporterContact: input.reporterContact,
        assigneeId: input.assigneeId,
      },
      now,
    ),
  );
}

/** The title of a consultation sent without one: the first line of what happened, shortened. */
export function titleFrom(text: string): string {
  const line = text.trim().split(/\r?\n/)[0].trim();
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}

/** A company's consultation from the web form (channel web, priority from urgency). */
export async function createConsultation(
  db: StateDb,
  actor: Actor,
  tenant: string,
  input: ConsultationInput,
  now: number,
): Promise<CaseRow> {
  return db.transaction().execute((trx) =>
    openCase(
      trx,
      actor,
      {
        tenant,
        title: input.title ?? titleFrom(input.whatHappened),
        description: input.whatHappened,
        category: input.category ?? (input.urgency === 'question' ? 'question' : 'other'),
        channel: 'web',
        priority: URGENCY_PRIORITY[input.urgency],
        occurredAt: input.occurredAt,
        affectedHost: input.affectedHost,
        urgency: input.urgency,
        reporterUserId: actor.tenant === null ? null : actor.userId,
        reporterName: input.contactName ?? (actor.tenant === null ? null : actor.name),
        reporterContact: input.contactPhone ?? null,
      },
      now,
    ),
  );
}

/** Field changes of PATCH /api/desk/cases/:id; answers the names of what changed. */
export async function patchCase(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  input: CasePatchInput,
  now: number,
): Promise<{ changed: string[]; assigneeId?: string | null }> {
  return db.transaction().execute(async (trx) => {
    const changed: string[] = [];
    const patch: Partial<CaseRow> = {};
    const edits: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, column] of [
      ['title', 'title'],
      ['description', 'description'],
      ['category', 'category'],
    ] as const) {
      const v = input[field];
      if (v !== undefined && v !== row[column]) {
        patch[column] = v;
        changed.push(field);
        // the long description is not copied into the timeline
        edits[field] = field === 'description' ? { from: null, to: null } : { from: row[column], to: v };
      }
    }
    if (Object.keys(edits).length > 0)
      await appendTimeline(
        trx,
        row.tenant,
        row.id,
        actor,
        { kind: 'update', visibility: 'internal', detail: edits },
        now,
      );
    if (input.priority !== undefined && input.priority !== row.priority) {
      patch.priority = input.priority;
      changed.push('priority');
      await appendTimeline(
        trx,
        row.tenant,
        row.id,
        actor,
        { kind: 'priority', visibility: 'internal', detail: { from: row.priority, to: input.priority } },
        now,
      );
    }
    let assigneeId: string | null | undefined;
    if (input.assigneeId !== undefined && input.assigneeId !== row.assignee_id) {
      const u = input.assigneeId === null ? null : await requireAssignee(trx, row.tenant, input.assigneeId);
      patch.assignee_id = u?.id ?? null;
      assigneeId = patch.assignee_id;
      changed.push('assigneeId');
      await appendTimeline(
        trx,
        row.tenant,
        row.id,
        actor,
        {
          kind: 'assign',
          visibility: 'internal',
          detail: { from: row.assignee_id, assigneeId: u?.id ?? null, assigneeName: u?.name ?? null },
        },
        now,
      );
    }
    if (input.checklist !== undefined) {
      const state = JSON.parse(row.checklist) as Record<string, StepState>;
      const ticked: Record<string, boolean> = {};
      for (const [id, done] of Object.entries(input.checklist)) {
        const s = state[id];
        if (!s)
          throw new ApiError(
            400,
            'invalid-input',
            `checklist.${id}: no such step on this case`,
            `checklist.${id}`,
          );
        if (s.done === done) continue;
        state[id] = done ? { done, at: now, by: actor.name } : { done, at: null, by: null };
        ticked[id] = done;
      }
      if (Object.keys(ticked).length > 0) {
        patch.checklist = JSON.stringify(state);
        changed.push('checklist');
        await appendTimeline(
          trx,
          row.tenant,
          row.id,
          actor,
          { kind: 'checklist', visibility: 'internal', detail: { steps: ticked } },
          now,
        );
      }
    }
    if (changed.length > 0) await updateCase(trx, row.tenant, row.id, { ...patch, updated_at: now });
    return assigneeId === undefined ? { changed } : { changed, assigneeId };
  });
}

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** The case's columns after a move from `row.status` to `to` (waiting intervals, reopen). */
export function statusPatch(
  row: CaseRow,
  to: CaseStatus,
  resolution: string | null,
  now: number,
): Partial<CaseRow> {
  const from = row.status as CaseStatus;
  const patch: Partial<CaseRow> = { status: to, updated_at: now };
  const waiting = parseWaiting(row.waiting);
  if (from === 'waiting') {
    const last = waiting[waiting.length - 1];
    if (last && last[1] === null) last[1] = now;
  }
  if (to === 'waiting') waiting.push([now, null]);
  if (from === 'waiting' || to === 'waiting') patch.waiting = JSON.stringify(waiting);
  if (to === 'resolved') {
    patch.resolved_at = now;
    patch.resolution = resolution;
  }
  if (to === 'closed') {
    patch.closed_at = now;
    if (resolution !== null) patch.resolution = resolution;
  }
  if ((from === 'resolved' || from === 'closed') && to === 'in-progress') {
    patch.reopened = row.reopened + 1;
    patch.resolved_at = null;
    patch.closed_at = null;
  }
  return patch;
}

/** Moves a case's status (409 when the workflow does not allow it). */
export async function changeStatus(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  input: { status: CaseStatus; note?: string | null; resolution?: string | null },
  now: number,
): Promise<void> {
  const from = row.status as CaseStatus;
  if (!canMoveCase(from, input.status))
    throw new ApiError(409, 'invalid-transition', `a ${from} case cannot become ${input.status}`);
  const resolution = input.resolution ?? null;
  if (input.status === 'resolved' && !resolution)
    throw new ApiError(400, 'invalid-input', 'resolution: required to resolve a case', 'resolution');
  await db.transaction().execute(async (trx) => {
    // re-read inside the transaction so two desks moving one case cannot both succeed
    const fresh = await getCase(trx, row.tenant, row.id);
    if (!fresh || fresh.status !== from)
      throw new ApiError(409, 'invalid-transition', 'the case changed meanwhile; reload it');
    await updateCase(trx, row.tenant, row.id, statusPatch(fresh, input.status, resolution, now));
    await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      {
        kind: 'status',
        visibility: 'company',
        body: input.status === 'resolved' || input.status === 'closed' ? resolution : null,
        detail: {
          from,
          to: input.status,
          ...(from === 'resolved' || from === 'closed' ? { reopened: true } : {}),
        },
      },
      now,
    );
    if (input.note)
      await appendTimeline(
        trx,
        row.tenant,
        row.id,
        actor,
        { kind: 'note', visibility: 'internal', body: input.note },
        now,
      );
    if (input.status === 'closed') await closeAlertsOfCase(trx, row.tenant, row.id, actor.userId, now);
  });
}

/** A staff note; a company-visible one is the first response / an update for the SLA. */
export async function addNote(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  input: { body: string; visibility: Visibility },
  now: number,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      { kind: 'note', visibility: input.visibility, body: input.body },
      now,
    );
    if (input.visibility === 'company') {
      const fresh = await getCase(trx, row.tenant, row.id);
      await updateCase(trx, row.tenant, row.id, {
        first_response_at: fresh?.first_response_at ?? now,
        last_update_at: now,
      });
    }
    return id;
  });
}

/** A message from the company; a case waiting for it goes back to in-progress. */
export async function addCompanyMessage(
  db: StateDb,
  actor: Actor,
  row: CaseRow,
  body: string,
  now: number,
): Promise<{ entryId: string; resumed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const entryId = await appendTimeline(
      trx,
      row.tenant,
      row.id,
      actor,
      { kind: 'message', visibility: 'company', body },
      now,
    );
    const fresh = await getCase(trx, row.tenant, row.id);
    const resumed = fresh?.status === 'waiting';
    if (fresh && resumed) {
      await updateCase(trx, row.tenant, row.id, statusPatch(fresh, 'in-progress', null, now));
      await appendTimeline(
        trx,
        row.tenant,
        row.id,
        actor,
        { kind: 'status', visibility: 'company', detail: { from: 'waiting', to: 'in-progress' } },
        now,
      );
    }
    return { entryId, resumed };
  });
}
