/**
 * Cyber-insurance policies and first-response cost claims: request schemas, the claim
 * workflow and calendar-date helpers. Money is whole yen; dates are Japan calendar
 * dates ('YYYY-MM-DD').
 */
import { z } from 'zod';
import { idSchema } from '../devices/model.js';
import {
  CLAIM_DOCUMENT_STATUSES,
  CLAIM_DOCUMENTS,
  CLAIM_STATUSES,
  type ClaimStatus,
  COST_KINDS,
} from './model.js';

/** Claim workflow: prepared, sent to the insurer, decided, paid out. */
export const CLAIM_MOVES: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  draft: ['submitted'],
  submitted: ['approved', 'rejected'],
  approved: ['paid'],
  rejected: [],
  paid: [],
};

/** Cost items change while the claim is prepared or under review; a decision freezes them. */
export const ITEMS_EDITABLE: readonly ClaimStatus[] = ['draft', 'submitted'];
/** The documents checklist can be completed until the money is paid. */
export const DOCUMENTS_EDITABLE: readonly ClaimStatus[] = ['draft', 'submitted', 'approved', 'rejected'];
/** Claims whose money counts against the policy's total limit. */
export const LIMIT_CONSUMING: readonly ClaimStatus[] = ['approved', 'paid'];

const JST_MS = 9 * 3_600_000;

/** Japan's calendar date of an instant. */
export function japanDate(ms: number): string {
  return new Date(ms + JST_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

export const dateSchema = z.string().refine(isCalendarDate, 'a date YYYY-MM-DD');
const yen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const coveredSchema = z
  .array(z.enum(COST_KINDS))
  .max(COST_KINDS.length)
  .refine((a) => new Set(a).size === a.length, 'no duplicates');

const policyFields = {
  insurer: text(200),
  policyNumber: text(100),
  product: optionalText(200),
  limitTotalYen: yen,
  limitPerIncidentYen: yen.nullable().optional(),
  deductibleYen: yen,
  covered: coveredSchema,
  periodStart: dateSchema,
  periodEnd: dateSchema,
  insurerContact: optionalText(500),
  notes: optionalText(4000),
};

export const policyCreateBody = z.strictObject(policyFields);

export const policyPatchBody = z.strictObject({
  insurer: policyFields.insurer.optional(),
  policyNumber: policyFields.policyNumber.optional(),
  product: policyFields.product,
  limitTotalYen: yen.optional(),
  limitPerIncidentYen: policyFields.limitPerIncidentYen,
  deductibleYen: yen.optional(),
  covered: coveredSchema.optional(),
  periodStart: dateSchema.optional(),
  periodEnd: dateSchema.optional(),
  insurerContact: policyFields.insurerContact,
  notes: policyFields.notes,
});

/** The rules that span fields, on the policy as it would be stored: the field to fix, or null. */
export function policyProblem(p: {
  limitTotalYen: number;
  limitPerIncidentYen: number | null;
  periodStart: string;
  periodEnd: string;
}): { field: string; message: string } | null {
  if (p.periodEnd < p.periodStart) return { field: 'periodEnd', message: 'must not be before periodStart' };
  if (p.limitPerIncidentYen !== null && p.limitPerIncidentYen > p.limitTotalYen)
    return { field: 'limitPerIncidentYen', message: 'must not exceed limitTotalYen' };
  return null;
}

export const claimCreateBody = z.strictObject({
  policyId: z.string().min(1).max(64),
  incidentDate: dateSchema,
  notes: optionalText(4000),
});

const epochMs = z.number().int().min(946_684_800_000).max(4_102_444_800_000);

export const claimPatchBody = z.strictObject({
  status: z.enum(CLAIM_STATUSES).optional(),
  notifiedInsurerAt: epochMs.nullable().optional(),
  submittedAt: epochMs.nullable().optional(),
  decidedAt: epochMs.nullable().optional(),
  approvedYen: yen.nullable().optional(),
  paidYen: yen.nullable().optional(),
  notes: optionalText(4000),
});

export const claimItemBody = z.strictObject({
  kind: z.enum(COST_KINDS),
  // may be left out when the item is a dispatch: it then names the visit
  description: z.string().trim().min(1).max(500).optional(),
  amountYen: yen,
  incurredOn: dateSchema.optional(),
  dispatchId: z.string().min(1).max(64).optional(),
});

export const claimDocumentBody = z.strictObject({
  status: z.enum(CLAIM_DOCUMENT_STATUSES),
  attachmentId: z.string().min(1).max(64).nullable().optional(),
  note: optionalText(1000),
});

export const claimIdParams = z.strictObject({ id: idSchema });
export const claimItemParams = z.strictObject({ id: idSchema, itemId: idSchema });
export const claimDocumentParams = z.strictObject({ id: idSchema, docType: z.enum(CLAIM_DOCUMENTS) });

export const claimListQuery = z.strictObject({
  status: z.enum(CLAIM_STATUSES).optional(),
  tenant: idSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const exportQuery = z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') });
