/**
 * Insurance claim rules: open a claim on a case under a policy that covers the incident,
 * move it through the insurer's workflow, keep its cost items and documents checklist.
 * Every change lands on the case's timeline (internal: money and insurer dealings are the
 * desk's) in the same transaction. Routes have already checked who may do it.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction, Updateable } from 'kysely';
import type { z } from 'zod';
import type { Principal } from '../accounts/model.js';
import { ApiError } from '../api/errors.js';
import type { DeskClaimsTable } from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import type { CaseRow } from './cases-repo.js';
import type { ClaimRecord } from './claims-present.js';
import {
  attachmentOnCase,
  claimDetail,
  deleteItem,
  getClaim,
  getItem,
  insertClaim,
  insertDocuments,
  insertItem,
  updateClaim,
  upsertDocument,
} from './claims-repo.js';
import { getDispatch } from './dispatch-repo.js';
import {
  CLAIM_MOVES,
  type claimCreateBody,
  type claimDocumentBody,
  type claimItemBody,
  type claimPatchBody,
  DOCUMENTS_EDITABLE,
  ITEMS_EDITABLE,
  japanDate,
} from './insurance-model.js';
import { CLAIM_DOCUMENTS, type ClaimDocument, type ClaimStatus } from './model.js';
import { nextNumber } from './numbers.js';
import { getPolicy } from './policies-repo.js';
import { appendTimeline } from './timeline.js';

type Trx = Transaction<StateTables>;

export interface ClaimContext {
  db: StateDb;
  actor: Principal;
  now: number;
}

export interface ClaimChange {
  claim: ClaimRecord;
  detail: Record<string, unknown>;
}

function badInput(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid-input', `${field}: ${message}`, field);
}

function locked(status: string): ApiError {
  return new ApiError(409, 'claim-locked', `a ${status} claim can no longer be changed this way`);
}

async function reload(trx: Trx, tenant: string, id: string): Promise<ClaimRecord> {
  const r = await getClaim(trx, tenant, id);
  if (!r) throw new Error(`claim ${id} vanished inside its transaction`);
  return r;
}

/** One internal timeline entry on the claim's case, and the claim's own change time. */
async function record(
  trx: Trx,
  ctx: ClaimContext,
  claim: Pick<ClaimRecord, 'tenant' | 'case_id' | 'id' | 'number'>,
  detail: Record<string, unknown>,
): Promise<void> {
  await updateClaim(trx, claim.tenant, claim.id, { updated_at: ctx.now });
  await appendTimeline(
    trx,
    claim.tenant,
    claim.case_id,
    ctx.actor,
    { kind: 'claim', visibility: 'internal', detail: { claimId: claim.id, number: claim.number, ...detail } },
    ctx.now,
  );
}

export async function createClaim(
  ctx: ClaimContext,
  kase: CaseRow,
  body: z.output<typeof claimCreateBody>,
): Promise<ClaimChange> {
  // one answer for "no such policy", "another company's" and "not in force that day"
  const policy = await getPolicy(ctx.db, kase.tenant, body.policyId);
  if (!policy || body.incidentDate < policy.period_start || body.incidentDate > policy.period_end)
    throw new ApiError(
      409,
      'policy-not-applicable',
      "the policy does not cover this incident (another company's, or not in force on the incident date)",
    );
  const id = randomUUID();
  const claim = await ctx.db.transaction().execute(async (trx) => {
    const number = await nextNumber(trx, 'I', ctx.now);
    await insertClaim(trx, {
      id,
      number,
      case_id: kase.id,
      tenant: kase.tenant,
      policy_id: policy.id,
      status: 'draft',
      incident_date: body.incidentDate,
      notified_insurer_at: null,
      submitted_at: null,
      decided_at: null,
      approved_yen: null,
      paid_yen: null,
      notes: body.notes ?? null,
      created_by: ctx.actor.userId,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await insertDocuments(
      trx,
      CLAIM_DOCUMENTS.map((doc_type) => ({
        claim_id: id,
        tenant: kase.tenant,
        doc_type,
        status: 'missing',
        attachment_id: null,
        note: null,
        updated_at: ctx.now,
      })),
    );
    await record(
      trx,
      ctx,
      { tenant: kase.tenant, case_id: kase.id, id, number },
      {
        action: 'created',
        status: 'draft',
        policyNumber: policy.policy_number,
        insurer: policy.insurer,
        incidentDate: body.incidentDate,
      },
    );
    return reload(trx, kase.tenant, id);
  });
  return { claim, detail: { number: claim.number, caseId: kase.id, policyId: policy.id } };
}

export async function patchClaim(
  ctx: ClaimContext,
  claim: ClaimRecord,
  body: z.output<typeof claimPatchBody>,
): Promise<ClaimChange> {
  const from = claim.status as ClaimStatus;
  const to = body.status ?? from;
  if (to !== from && !CLAIM_MOVES[from].includes(to))
    throw new ApiError(409, 'invalid-transition', `a ${from} claim cannot become ${to}`);
  const patch: Updateable<DeskClaimsTable> = {};
  const changed: string[] = [];
  const set = <K extends keyof DeskClaimsTable>(key: K, field: string, v: DeskClaimsTable[K] | undefined) => {
    if (v === undefined || claim[key] === v) return;
    patch[key] = v as never;
    changed.push(field);
  };
  set('notified_insurer_at', 'notifiedInsurerAt', body.notifiedInsurerAt);
  set('submitted_at', 'submittedAt', body.submittedAt);
  set('decided_at', 'decidedAt', body.decidedAt);
  set('approved_yen', 'approvedYen', body.approvedYen);
  set('paid_yen', 'paidYen', body.paidYen);
  set('notes', 'notes', body.notes);
  if (to !== from) {
    patch.status = to;
    changed.push('status');
    // the dates of the move default to now; the amounts follow the decision
    if (to === 'submitted' && body.submittedAt == null && claim.submitted_at === null)
      patch.submitted_at = ctx.now;
    if ((to === 'approved' || to === 'rejected') && body.decidedAt == null && claim.decided_at === null)
      patch.decided_at = ctx.now;
    if (to === 'approved' && body.approvedYen == null && claim.approved_yen === null) {
      const view = await claimDetail(ctx.db, claim, ctx.now);
      patch.approved_yen = view?.totals.payableYen ?? 0;
    }
    if (to === 'paid' && (body.paidYen ?? claim.paid_yen) == null)
      throw badInput('paidYen', 'a paid claim needs the amount paid');
  }
  if (changed.length === 0) return { claim, detail: { number: claim.number, changed } };
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await updateClaim(trx, claim.tenant, claim.id, patch);
    await record(trx, ctx, claim, {
      action: to !== from ? 'status' : 'updated',
      from,
      status: to,
      changed,
      approvedYen: patch.approved_yen,
      paidYen: patch.paid_yen,
    });
    return reload(trx, claim.tenant, claim.id);
  });
  return { claim: updated, detail: { number: claim.number, changed, from, to } };
}

export async function addItem(
  ctx: ClaimContext,
  claim: ClaimRecord,
  body: z.output<typeof claimItemBody>,
): Promise<{ claim: ClaimRecord; itemId: string; detail: Record<string, unknown> }> {
  if (!ITEMS_EDITABLE.includes(claim.status as ClaimStatus)) throw locked(claim.status);
  let description = body.description;
  let incurredOn = body.incurredOn;
  if (body.dispatchId !== undefined) {
    if (body.kind !== 'dispatch') throw badInput('dispatchId', 'only a dispatch item names a dispatch');
    const d = await getDispatch(ctx.db, claim.tenant, body.dispatchId);
    if (!d || d.case_id !== claim.case_id) throw badInput('dispatchId', 'not a dispatch of this case');
    const visitDay = japanDate(d.arrived_at ?? d.scheduled_start ?? d.requested_at);
    // the insurer's claim form is Japanese; the number lets anyone find the visit report
    description ??= `駆け付け対応 ${d.number}（${visitDay}）`;
    incurredOn ??= visitDay;
  }
  if (description === undefined) throw badInput('description', 'required');
  if (incurredOn === undefined) throw badInput('incurredOn', 'required');
  const itemId = randomUUID();
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await insertItem(trx, {
      id: itemId,
      claim_id: claim.id,
      tenant: claim.tenant,
      kind: body.kind,
      description,
      amount_yen: body.amountYen,
      incurred_on: incurredOn,
      dispatch_id: body.dispatchId ?? null,
      created_at: ctx.now,
    });
    await record(trx, ctx, claim, {
      action: 'item-added',
      itemId,
      kind: body.kind,
      amountYen: body.amountYen,
      description,
    });
    return reload(trx, claim.tenant, claim.id);
  });
  return {
    claim: updated,
    itemId,
    detail: { number: claim.number, itemId, kind: body.kind, amountYen: body.amountYen },
  };
}

export async function removeItem(
  ctx: ClaimContext,
  claim: ClaimRecord,
  itemId: string,
): Promise<ClaimChange> {
  if (!ITEMS_EDITABLE.includes(claim.status as ClaimStatus)) throw locked(claim.status);
  const item = await getItem(ctx.db, claim.tenant, claim.id, itemId);
  if (!item) throw new ApiError(404, 'not-found', 'no such cost item');
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await deleteItem(trx, claim.tenant, claim.id, itemId);
    await record(trx, ctx, claim, {
      action: 'item-removed',
      itemId,
      kind: item.kind,
      amountYen: item.amount_yen,
      description: item.description,
    });
    return reload(trx, claim.tenant, claim.id);
  });
  return {
    claim: updated,
    detail: { number: claim.number, itemId, kind: item.kind, amountYen: item.amount_yen },
  };
}

export async function setDocument(
  ctx: ClaimContext,
  claim: ClaimRecord,
  docType: ClaimDocument,
  body: z.output<typeof claimDocumentBody>,
): Promise<ClaimChange> {
  if (!DOCUMENTS_EDITABLE.includes(claim.status as ClaimStatus)) throw locked(claim.status);
  const attachmentId = body.attachmentId ?? null;
  if (attachmentId !== null && !(await attachmentOnCase(ctx.db, claim.tenant, claim.case_id, attachmentId)))
    throw badInput('attachmentId', 'not an attachment of this case');
  const updated = await ctx.db.transaction().execute(async (trx) => {
    await upsertDocument(trx, {
      claim_id: claim.id,
      tenant: claim.tenant,
      doc_type: docType,
      status: body.status,
      attachment_id: attachmentId,
      note: body.note ?? null,
      updated_at: ctx.now,
    });
    await record(trx, ctx, claim, { action: 'document', docType, status: body.status, attachmentId });
    return reload(trx, claim.tenant, claim.id);
  });
  return { claim: updated, detail: { number: claim.number, docType, status: body.status, attachmentId } };
}
