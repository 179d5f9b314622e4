/**
 * The fields of an insurance claim that leave the server: `claim` (detail, with items,
 * documents checklist and totals) and `claimSummary` (lists, a case's claims).
 */
import type { Selectable } from 'kysely';
import type {
  DeskClaimDocumentsTable,
  DeskClaimItemsTable,
  DeskClaimsTable,
} from '../storage/state/desk-tables.js';
import type { ClaimTotals } from './claims-totals.js';
import { CLAIM_DOCUMENTS, type ClaimDocument, type ClaimStatus, type CostKind } from './model.js';
import { type PolicyView, presentPolicy } from './policies-present.js';
import type { PolicyRow } from './policies-repo.js';

export interface ClaimRecord extends Selectable<DeskClaimsTable> {
  case_number: string | null;
  company_name: string | null;
}
export type ClaimItemRow = Selectable<DeskClaimItemsTable>;
export type ClaimDocumentRow = Selectable<DeskClaimDocumentsTable>;

export interface ClaimItemView {
  id: string;
  kind: CostKind;
  description: string;
  amountYen: number;
  incurredOn: string;
  dispatchId: string | null;
  /** the policy covers this kind of cost */
  covered: boolean;
}

export interface ClaimDocumentView {
  docType: ClaimDocument;
  status: string;
  attachmentId: string | null;
  note: string | null;
}

export interface ClaimView {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string | null;
  tenant: string;
  companyName: string | null;
  policy: PolicyView;
  status: ClaimStatus;
  incidentDate: string;
  notifiedInsurerAt: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  approvedYen: number | null;
  paidYen: number | null;
  notes: string | null;
  items: ClaimItemView[];
  documents: ClaimDocumentView[];
  totals: ClaimTotals;
}

export interface ClaimSummaryView {
  id: string;
  number: string;
  caseId: string;
  caseNumber: string | null;
  tenant: string;
  companyName: string | null;
  policyId: string;
  insurer: string | null;
  policyNumber: string | null;
  status: ClaimStatus;
  incidentDate: string;
  claimedYen: number;
  payableYen: number;
  approvedYen: number | null;
  paidYen: number | null;
  createdAt: string;
  updatedAt: string;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function presentItem(r: ClaimItemRow, covered: readonly string[]): ClaimItemView {
  return {
    id: r.id,
    kind: r.kind as CostKind,
    description: r.description,
    amountYen: r.amount_yen,
    incurredOn: r.incurred_on,
    dispatchId: r.dispatch_id,
    covered: covered.includes(r.kind),
  };
}

/** The checklist in the catalogue's order (a type missing from storage shows as missing). */
export function presentDocuments(rows: readonly ClaimDocumentRow[]): ClaimDocumentView[] {
  const byType = new Map(rows.map((r) => [r.doc_type, r]));
  return CLAIM_DOCUMENTS.map((docType) => {
    const r = byType.get(docType);
    return {
      docType,
      status: r?.status ?? 'missing',
      attachmentId: r?.attachment_id ?? null,
      note: r?.note ?? null,
    };
  });
}

export function presentClaim(
  r: ClaimRecord,
  policy: PolicyRow,
  items: readonly ClaimItemRow[],
  documents: readonly ClaimDocumentRow[],
  totals: ClaimTotals,
  nowMs: number,
): ClaimView {
  const p = presentPolicy(policy, nowMs);
  return {
    id: r.id,
    number: r.number,
    caseId: r.case_id,
    caseNumber: r.case_number,
    tenant: r.tenant,
    companyName: r.company_name,
    policy: p,
    status: r.status as ClaimStatus,
    incidentDate: r.incident_date,
    notifiedInsurerAt: iso(r.notified_insurer_at),
    submittedAt: iso(r.submitted_at),
    decidedAt: iso(r.decided_at),
    approvedYen: r.approved_yen,
    paidYen: r.paid_yen,
    notes: r.notes,
    items: items.map((i) => presentItem(i, p.covered)),
    documents: presentDocuments(documents),
    totals,
  };
}

export function presentClaimSummary(
  r: ClaimRecord,
  policy: PolicyRow | undefined,
  totals: ClaimTotals,
): ClaimSummaryView {
  return {
    id: r.id,
    number: r.number,
    caseId: r.case_id,
    caseNumber: r.case_number,
    tenant: r.tenant,
    companyName: r.company_name,
    policyId: r.policy_id,
    insurer: policy?.insurer ?? null,
    policyNumber: policy?.policy_number ?? null,
    status: r.status as ClaimStatus,
    incidentDate: r.incident_date,
    claimedYen: totals.claimedYen,
    payableYen: totals.payableYen,
    approvedYen: r.approved_yen,
    paidYen: r.paid_yen,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
