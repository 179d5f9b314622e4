/**
 * On-site dispatch business rules: request and plan a visit, move it along
 * (en route, on site, cancelled), file the visit report and take the sign-off. Each
 * change lands on the case's timeline in the same transaction; the notifier hears about
 * scheduled and reported visits after the commit. Callers have already checked who may
 * do it (routes) — these check what may happen.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction, Updateable } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../accounts/model.js';
import { ApiError } from '../api/errors.js';
import type { Notifier } from '../notify/model.js';
import type { DeskDispatchesTable } from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import type { CaseRow } from './cases-repo.js';
import {
  canMove,
  type dispatchCreateBody,
  type dispatchPatchBody,
  type dispatchReportBody,
  type dispatchStatusBody,
  misorderedTime,
  OPEN_DISPATCH,
  PLANNABLE,
  type signOffBody,
  type VisitTimes,
} from './dispatch-model.js';
import type { DispatchRecord } from './dispatch-present.js';
import { getDispatch, insertDispatch, updateDispatch } from './dispatch-repo.js';
import type { DispatchStatus } from './model.js';
import { nextNumber } from './numbers.js';
import { appendTimeline } from './timeline.js';

type Trx = Transaction<StateTables>;

export interface DispatchContext {
  db: StateDb;
  actor: Principal;
  now: number;
  notifier?: Notifier;
}

export interface DispatchChange {
  dispatch: DispatchRecord;
  /** for the audit entry: what changed (field names, statuses; no free text) */
  detail: Record<string, unknown>;
}

function badInput(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid-input', `${field}: ${message}`, field);
}

function invalidMove(from: string, to: string): ApiError {
  return new ApiError(409, 'invalid-transition', `a ${from} dispatch cannot become ${to}`);
}

/** The engineer to send: an active engineer account, or a 400 naming `engineerId`. */
async function engineerFor(db: StateDb | Trx, id: string): Promise<{ id: string; name: string }> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'tenant', 'disabled'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (u?.role !== 'engineer' || u.tenant !== null || u.disabled !== 0)
    throw badInput('engineerId', 'not an active engineer');
  return { id: u.id, name: u.name };
}

/** Engineers read assigned companies only: the one they are sent to becomes one of theirs. */
async function ensureAssigned(trx: Trx, userId: string, tenant: string): Promise<boolean> {
  const has = await trx
    .selectFrom('user_companies')
    .select('tenant')
    .where('user_id', '=', userId)
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  if (has) return false;
  await trx.insertInto('user_companies').values({ user_id: userId, tenant }).execute();
  return true;
}

async function reload(trx: Trx, tenant: string, id: string): Promise<DispatchRecord> {
  const r = await getDispatch(trx, tenant, id);
  if (!r) throw new Error(`dispatch ${id} vanished inside its transaction`);
  return r;
}

function planDetail(r: DispatchRecord, action: string): Record<string, unknown> {
  return {
    action,
    dispatchId: r.id,
    number: r.number,
    status: r.status,
    engineerName: r.engineer_name,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
  };
}

async function notifyScheduled(ctx: DispatchContext, r: DispatchRecord): Promise<void> {
  if (r.status !== 'scheduled' || r.scheduled_start === null) return;
  await ctx.notifier?.notify({
    kind: 'dispatch-scheduled',
    tenant: r.tenant,
    caseId: r.case_id,
    caseNumber: r.case_number ?? '',
    dispatchId: r.id,
    number: r.number,
    engineerId: r.engineer_id,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    siteAddress: r.site_address,
  });
}

export async function createDispatch(
  ctx: DispatchContext,
  kase: CaseRow,
  body: z.output<typeof dispatchCreateBody>,
): Promise<DispatchChange> {
  if (kase.status === 'closed') throw new ApiError(409, 'invalid-transition', 'the case is closed');
  const engineer = body.engineerId ? await engineerFor(ctx.db, body.engineerId) : null;
  const start = body.scheduledStart ?? null;
  const status: DispatchStatus = engineer && start !== null ? 'scheduled' : 'requested';
  const id = randomUUID();
  let assigned = false;
  const dispatch = await ctx.db.transaction().execute(async (trx) => {
    const number = await nextNumber(trx, 'D', ctx.now);
    await insertDispatch(trx, {
      id,
      number,
      case_id: kase.id,
      tenant: kase.tenant,
      status,
      reason: body.reason,
      site_address: body.siteAddress ?? null,
      site_contact: body.siteContact ?? null,
      requested_by: ctx.actor.userId,
      requested_at: ctx.now,
      engineer_id: engineer?.id ?? null,
      scheduled_start: start,
      scheduled_end: body.scheduledEnd ?? null,
      departed_at: null,
      arrived_at: null,
      left_at: null,
      returned_at: null,
      findings: null,
      actions_taken: null,
      advice: null,
      report_filed_at: null,
      report_filed_by: null,
      signed_off_at: null,
      signed_off_by: null,
      sign_off_name: null,
      sign_off_comment: null,
      cancel_reason: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    if (engineer) assigned = await ensureAssigned(trx, engineer.id, kase.tenant);
    const r = await reload(trx, kase.tenant, id);
    // the request itself is the desk's business; a date on the calendar is the company's too
    await appendTimeline(
      trx,
      kase.tenant,
      kase.id,
      ctx.actor,
      {
        kind: 'dispatch',
        visibility: status === 'scheduled' ? 'company' : 'internal',
        body: body.reason,
        detail: planDetail(r, status === 'scheduled' ? 'scheduled' : 'requested'),
      },
      ctx.now,
    );
    return r;
  });
  await notifyScheduled(ctx, dispatch);
  return {
    dispatch,
    detail: { number: dispatch.number, caseId: kase.id, status, engineerId: engineer?.id ?? null, assigned },
  };
}

export async function patchDispatch(
  ctx: DispatchContext,
  row: DispatchRecord,
  body: z.output<typeof dispatchPatchBody>,
): Promise<DispatchChange> {
  const from = row.status as DispatchStatus;
  if (!OPEN_DISPATCH.includes(from))
    throw new ApiError(409, 'invalid-transition', `a ${from} dispatch is final`);
  const planning =
    body.engineerId !== undefined || body.scheduledStart !== undefined || body.scheduledEnd !== undefined;
  if (planning && !PLANNABLE.includes(from))
    throw new ApiError(
      409,
      'invalid-transition',
      'the engineer has left: the visit can no longer be re-planned',
    );

  const engineerId = body.engineerId !== undefined ? body.engineerId : row.engineer_id;
  const engineer = body.engineerId ? await engineerFor(ctx.db, body.engineerId) : null;
  const start = body.scheduledStart !== undefined ? body.scheduledStart : row.scheduled_start;
  const end = body.scheduledEnd !== undefined ? body.scheduledEnd : row.scheduled_end;
  if (end !== null && (start === null || end < start))
    throw badInput('scheduledEnd', 'must not be before scheduledStart (which it needs)');

  const patch: Updateable<DeskDispatchesTable> = { updated_at: ctx.now };
  const changed: string[] = [];
  const set = <K extends keyof DeskDispatchesTable>(key: K, field: string, v: DeskDispatchesTable[K]) => {
    if (row[key] === v) return;
    patch[key] = v as never;
    changed.push(field);
  };
  if (body.reason !== undefined) set('reason', 'reason', body.reason);
  if (body.siteAddress !== undefined) set('site_address', 'siteAddress', body.siteAddress);
  if (body.siteContact !== undefined) set('site_contact', 'siteContact', body.siteContact);
  set('engineer_id', 'engineerId', engineerId);
  set('scheduled_start', 'scheduledStart', start);
  set('scheduled_end', 'scheduledEnd', end);
  const status: DispatchStatus = PLANNABLE.includes(from)
    ? engineerId !== null && start !== null
      ? 'scheduled'
      : 'requested'
    : from;
  if (status !== from) patch.status = status;
  const replanned = changed.some((f) => f === 'engineerId' || f === 'scheduledStart' || f === 'scheduledEnd');

  let assigned = false;
  const dispatch = await ctx.db.transaction().execute(async (trx) => {
    if (changed.length === 0) return row;
    await updateDispatch(trx, row.tenant, row.id, patch);
    if (engineer) assigned = await ensureAssigned(trx, engineer.id, row.tenant);
    const r = await reload(trx, row.tenant, row.id);
    if (replanned && (status === 'scheduled' || from === 'scheduled')) {
      const action =
        status === 'requested' ? 'unscheduled' : from === 'scheduled' ? 'rescheduled' : 'scheduled';
      await appendTimeline(
        trx,
        row.tenant,
        row.case_id,
        ctx.actor,
        { kind: 'dispatch', visibility: 'company', detail: planDetail(r, action) },
        ctx.now,
      );
    }
    const other = changed.filter((f) => !['engineerId', 'scheduledStart', 'scheduledEnd'].includes(f));
    if (other.length > 0 || (replanned && status === 'requested' && from === 'requested'))
      await appendTimeline(
        trx,
        row.tenant,
        row.case_id,
        ctx.actor,
        { kind: 'dispatch', visibility: 'internal', detail: { ...planDetail(r, 'updated'), changed } },
        ctx.now,
      );
    return r;
  });
  if (replanned) await notifyScheduled(ctx, dispatch);
  return { dispatch, detail: { number: row.number, changed, from, to: status, assigned } };
}

export async function moveDispatch(
  ctx: DispatchContext,
  row: DispatchRecord,
  body: z.output<typeof dispatchStatusBody>,
): Promise<DispatchChange> {
  const from = row.status as DispatchStatus;
  const to = body.status;
  if (!canMove(from, to)) throw invalidMove(from, to);
  const at = body.at ?? ctx.now;
  if (at > ctx.now + 10 * 60_000) throw badInput('at', 'must not be in the future');
  const patch: Updateable<DeskDispatchesTable> = { status: to, updated_at: ctx.now };
  if (to === 'en-route') {
    if (row.engineer_id === null) throw new ApiError(409, 'invalid-transition', 'assign an engineer first');
    patch.departed_at = at;
  } else if (to === 'on-site') {
    if (row.departed_at !== null && at < row.departed_at)
      throw badInput('at', 'must not be before the departure');
    patch.arrived_at = at;
  } else {
    patch.cancel_reason = body.reason ?? null;
  }
  const dispatch = await ctx.db.transaction().execute(async (trx) => {
    await updateDispatch(trx, row.tenant, row.id, patch);
    const r = await reload(trx, row.tenant, row.id);
    await appendTimeline(
      trx,
      row.tenant,
      row.case_id,
      ctx.actor,
      {
        kind: 'dispatch',
        visibility: 'company',
        body: to === 'cancelled' ? (body.reason ?? null) : null,
        detail: { action: to, dispatchId: r.id, number: r.number, status: to, at },
      },
      ctx.now,
    );
    return r;
  });
  return { dispatch, detail: { number: row.number, from, to } };
}

export async function fileReport(
  ctx: DispatchContext,
  row: DispatchRecord,
  body: z.output<typeof dispatchReportBody>,
): Promise<DispatchChange> {
  const from = row.status as DispatchStatus;
  if (!canMove(from, 'reported')) throw invalidMove(from, 'reported');
  const times: VisitTimes = {
    departedAt: body.departedAt ?? row.departed_at,
    arrivedAt: body.arrivedAt ?? row.arrived_at,
    leftAt: body.leftAt ?? row.left_at ?? ctx.now,
    returnedAt: body.returnedAt ?? row.returned_at,
  };
  const sent = new Set(
    (['departedAt', 'arrivedAt', 'leftAt', 'returnedAt'] as const).filter((k) => body[k] !== undefined),
  );
  const wrong = misorderedTime(times, sent);
  if (wrong) throw badInput(wrong, 'out of order (departed ≤ arrived ≤ left ≤ returned)');
  const dispatch = await ctx.db.transaction().execute(async (trx) => {
    await updateDispatch(trx, row.tenant, row.id, {
      status: 'reported',
      departed_at: times.departedAt,
      arrived_at: times.arrivedAt,
      left_at: times.leftAt,
      returned_at: times.returnedAt,
      findings: body.findings,
      actions_taken: body.actionsTaken,
      advice: body.advice,
      report_filed_at: ctx.now,
      report_filed_by: ctx.actor.userId,
      updated_at: ctx.now,
    });
    const r = await reload(trx, row.tenant, row.id);
    await appendTimeline(
      trx,
      row.tenant,
      row.case_id,
      ctx.actor,
      {
        kind: 'dispatch',
        visibility: 'company',
        body: body.findings,
        detail: {
          action: 'reported',
          dispatchId: r.id,
          number: r.number,
          status: 'reported',
          findings: body.findings,
          actionsTaken: body.actionsTaken,
          advice: body.advice,
        },
      },
      ctx.now,
    );
    return r;
  });
  await ctx.notifier?.notify({
    kind: 'dispatch-reported',
    tenant: dispatch.tenant,
    caseId: dispatch.case_id,
    caseNumber: dispatch.case_number ?? '',
    dispatchId: dispatch.id,
    number: dispatch.number,
  });
  return { dispatch, detail: { number: row.number, from, to: 'reported' } };
}

export async function signOffDispatch(
  ctx: DispatchContext,
  row: DispatchRecord,
  body: z.output<typeof signOffBody>,
  by: 'company' | 'engineer',
): Promise<DispatchChange> {
  const from = row.status as DispatchStatus;
  if (!canMove(from, 'signed-off')) throw invalidMove(from, 'signed-off');
  const dispatch = await ctx.db.transaction().execute(async (trx) => {
    await updateDispatch(trx, row.tenant, row.id, {
      status: 'signed-off',
      signed_off_at: ctx.now,
      signed_off_by: ctx.actor.userId,
      sign_off_name: body.name,
      sign_off_comment: body.comment ?? null,
      updated_at: ctx.now,
    });
    const r = await reload(trx, row.tenant, row.id);
    await appendTimeline(
      trx,
      row.tenant,
      row.case_id,
      ctx.actor,
      {
        kind: 'dispatch',
        visibility: 'company',
        body: body.comment ?? null,
        detail: {
          action: 'signed-off',
          dispatchId: r.id,
          number: r.number,
          status: 'signed-off',
          name: body.name,
          by,
        },
      },
      ctx.now,
    );
    return r;
  });
  return { dispatch, detail: { number: row.number, from, to: 'signed-off', by } };
}
