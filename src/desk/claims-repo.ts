/**
 * SQL of insurance claims, their cost items and documents checklist (Kysely builder:
 * SQLite and PostgreSQL). Every function takes the tenant (or, for cross-company lists,
 * the caller's company scope) first; `null` is the staff lookup by id.
 */
import type { Insertable, Transaction, Updateable } from 'kysely';
import type {
  DeskClaimDocumentsTable,
  DeskClaimItemsTable,
  DeskClaimsTable,
} from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import {
  type ClaimDocumentRow,
  type ClaimItemRow,
  type ClaimRecord,
  type ClaimSummaryView,
  type ClaimView,
  presentClaim,
  presentClaimSummary,
} from './claims-present.js';
import { type ClaimTotals, claimTotals } from './claims-totals.js';
import { LIMIT_CONSUMING } from './insurance-model.js';
import type { ClaimStatus } from './model.js';
import { coveredKinds } from './policies-present.js';
import { type PolicyRow, policiesByIds } from './policies-repo.js';

type Db = StateDb | Transaction<StateTables>;

function records(db: Db) {
  return db
    .selectFrom('desk_claims as cl')
    .leftJoin('desk_cases as c', (j) =>
      j.onRef('c.id', '=', 'cl.case_id').onRef('c.tenant', '=', 'cl.tenant'),
    )
    .leftJoin('companies as co', 'co.id', 'cl.tenant')
    .selectAll('cl')
    .select(['c.number as case_number', 'co.name as company_name']);
}

export async function getClaim(db: Db, tenant: string | null, id: string): Promise<ClaimRecord | undefined> {
  let q = records(db).where('cl.id', '=', id);
  if (tenant !== null) q = q.where('cl.tenant', '=', tenant);
  return q.executeTakeFirst();
}

export interface ClaimFilter {
  status?: ClaimStatus;
  tenant?: string;
  after?: { at: number; id: string };
  limit: number;
}

/** Newest claims first; `scope` is 'all' or the companies the caller may read. */
export async function listClaims(
  db: Db,
  scope: 'all' | readonly string[],
  f: ClaimFilter,
): Promise<ClaimRecord[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  let q = records(db);
  if (scope !== 'all') q = q.where('cl.tenant', 'in', scope);
  if (f.tenant !== undefined) q = q.where('cl.tenant', '=', f.tenant);
  if (f.status !== undefined) q = q.where('cl.status', '=', f.status);
  if (f.after !== undefined) {
    const { at, id } = f.after;
    q = q.where((eb) =>
      eb.or([eb('cl.created_at', '<', at), eb.and([eb('cl.created_at', '=', at), eb('cl.id', '<', id)])]),
    );
  }
  return q.orderBy('cl.created_at', 'desc').orderBy('cl.id', 'desc').limit(f.limit).execute();
}

export async function itemsOf(db: Db, tenant: string, claimIds: readonly string[]): Promise<ClaimItemRow[]> {
  if (claimIds.length === 0) return [];
  return db
    .selectFrom('desk_claim_items')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('claim_id', 'in', [...claimIds])
    .orderBy('incurred_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function documentsOf(db: Db, tenant: string, claimId: string): Promise<ClaimDocumentRow[]> {
  return db
    .selectFrom('desk_claim_documents')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('claim_id', '=', claimId)
    .execute();
}

/** Yen that the approved / paid claims of each policy have taken from its total limit. */
async function usageOf(db: Db, tenant: string, policyIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (policyIds.length === 0) return out;
  const rows = await db
    .selectFrom('desk_claims')
    .select(['policy_id', 'status', 'approved_yen', 'paid_yen'])
    .where('tenant', '=', tenant)
    .where('policy_id', 'in', [...new Set(policyIds)])
    .where('status', 'in', LIMIT_CONSUMING)
    .execute();
  for (const r of rows) out.set(r.policy_id, (out.get(r.policy_id) ?? 0) + consumed(r));
  return out;
}

/** What one claim takes from its policy's total limit. */
function consumed(r: Pick<ClaimRecord, 'status' | 'approved_yen' | 'paid_yen'>): number {
  if (r.status === 'paid') return r.paid_yen ?? 0;
  if (r.status === 'approved') return r.approved_yen ?? 0;
  return 0;
}

const NO_POLICY = { covered: [], deductibleYen: 0, limitPerIncidentYen: 0, limitTotalYen: 0 };

function totalsFor(
  claim: ClaimRecord,
  policy: PolicyRow | undefined,
  items: readonly ClaimItemRow[],
  usage: Map<string, number>,
): ClaimTotals {
  const usedByOthers = (usage.get(claim.policy_id) ?? 0) - consumed(claim);
  const p = policy
    ? {
        covered: coveredKinds(policy),
        deductibleYen: policy.deductible_yen,
        limitPerIncidentYen: policy.limit_per_incident_yen,
        limitTotalYen: policy.limit_total_yen,
      }
    : NO_POLICY;
  return claimTotals(
    items.map((i) => ({ kind: i.kind, amountYen: i.amount_yen })),
    p,
    usedByOthers,
  );
}

/** Claims as list rows (`claimSummary`), with their totals. */
export async function claimSummaries(db: Db, rows: readonly ClaimRecord[]): Promise<ClaimSummaryView[]> {
  const byTenant = new Map<string, ClaimRecord[]>();
  for (const r of rows) byTenant.set(r.tenant, [...(byTenant.get(r.tenant) ?? []), r]);
  const out = new Map<string, ClaimSummaryView>();
  for (const [tenant, claims] of byTenant) {
    const policyIds = claims.map((c) => c.policy_id);
    const policies = new Map((await policiesByIds(db, [tenant], policyIds)).map((p) => [p.id, p]));
    const usage = await usageOf(db, tenant, policyIds);
    const items = await itemsOf(
      db,
      tenant,
      claims.map((c) => c.id),
    );
    for (const c of claims) {
      const policy = policies.get(c.policy_id);
      const own = items.filter((i) => i.claim_id === c.id);
      out.set(c.id, presentClaimSummary(c, policy, totalsFor(c, policy, own, usage)));
    }
  }
  return rows.map((r) => out.get(r.id)).filter((v): v is ClaimSummaryView => v !== undefined);
}

/** One claim in full (`claim`), or undefined when its policy is gone. */
export async function claimDetail(db: Db, claim: ClaimRecord, nowMs: number): Promise<ClaimView | undefined> {
  const policy = (await policiesByIds(db, [claim.tenant], [claim.policy_id]))[0];
  if (!policy) return undefined;
  const items = await itemsOf(db, claim.tenant, [claim.id]);
  const usage = await usageOf(db, claim.tenant, [claim.policy_id]);
  const documents = await documentsOf(db, claim.tenant, claim.id);
  return presentClaim(claim, policy, items, documents, totalsFor(claim, policy, items, usage), nowMs);
}

/** A case's claims as staff see them (`claimSummary` of docs/api.md), oldest first. */
export async function listClaimsForCase(db: Db, tenant: string, caseId: string): Promise<ClaimSummaryView[]> {
  const rows = await records(db)
    .where('cl.tenant', '=', tenant)
    .where('cl.case_id', '=', caseId)
    .orderBy('cl.created_at', 'asc')
    .orderBy('cl.id', 'asc')
    .execute();
  return claimSummaries(db, rows);
}

export async function insertClaim(db: Db, row: Insertable<DeskClaimsTable>): Promise<void> {
  await db.insertInto('desk_claims').values(row).execute();
}

export async function updateClaim(
  db: Db,
  tenant: string,
  id: string,
  patch: Updateable<DeskClaimsTable>,
): Promise<void> {
  await db.updateTable('desk_claims').set(patch).where('tenant', '=', tenant).where('id', '=', id).execute();
}

export async function insertDocuments(
  db: Db,
  rows: readonly Insertable<DeskClaimDocumentsTable>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('desk_claim_documents')
      .values([...rows])
      .execute();
}

export async function upsertDocument(db: Db, row: Insertable<DeskClaimDocumentsTable>): Promise<void> {
  await db
    .insertInto('desk_claim_documents')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['claim_id', 'doc_type']).doUpdateSet({
        status: row.status,
        attachment_id: row.attachment_id ?? null,
        note: row.note ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function insertItem(db: Db, row: Insertable<DeskClaimItemsTable>): Promise<void> {
  await db.insertInto('desk_claim_items').values(row).execute();
}

export async function getItem(
  db: Db,
  tenant: string,
  claimId: string,
  itemId: string,
): Promise<ClaimItemRow | undefined> {
  return db
    .selectFrom('desk_claim_items')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('claim_id', '=', claimId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

export async function deleteItem(db: Db, tenant: string, claimId: string, itemId: string): Promise<void> {
  await db
    .deleteFrom('desk_claim_items')
    .where('tenant', '=', tenant)
    .where('claim_id', '=', claimId)
    .where('id', '=', itemId)
    .execute();
}

/** Whether attachment `id` belongs to case `caseId` of `tenant` (a claim document must). */
export async function attachmentOnCase(db: Db, tenant: string, caseId: string, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('desk_attachments')
    .select('id')
    .where('tenant', '=', tenant)
    .where('case_id', '=', caseId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r !== undefined;
}
