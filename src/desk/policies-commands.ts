/**
 * Insurance policy rules: a policy belongs to one company; its period and limits must
 * make sense as stored (end not before start, per-incident limit within the total).
 */
import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { getCompany } from '../accounts/companies-repo.js';
import { ApiError } from '../api/errors.js';
import type { DeskPoliciesTable } from '../storage/state/desk-tables.js';
import type { StateDb } from '../storage/state/state-db.js';
import { type policyCreateBody, type policyPatchBody, policyProblem } from './insurance-model.js';
import { coveredKinds } from './policies-present.js';
import { getPolicy, insertPolicy, type PolicyRow, updatePolicy } from './policies-repo.js';

function check(p: Parameters<typeof policyProblem>[0]): void {
  const problem = policyProblem(p);
  if (problem)
    throw new ApiError(400, 'invalid-input', `${problem.field}: ${problem.message}`, problem.field);
}

export async function createPolicy(
  db: StateDb,
  tenant: string,
  body: z.output<typeof policyCreateBody>,
  now: number,
): Promise<PolicyRow> {
  if (!(await getCompany(db, tenant))) throw new ApiError(404, 'not-found', 'no such company');
  const limitPerIncidentYen = body.limitPerIncidentYen ?? null;
  check({ ...body, limitPerIncidentYen });
  const id = randomUUID();
  await insertPolicy(db, {
    id,
    tenant,
    insurer: body.insurer,
    policy_number: body.policyNumber,
    product: body.product ?? null,
    limit_total_yen: body.limitTotalYen,
    limit_per_incident_yen: limitPerIncidentYen,
    deductible_yen: body.deductibleYen,
    covered: JSON.stringify(body.covered),
    period_start: body.periodStart,
    period_end: body.periodEnd,
    insurer_contact: body.insurerContact ?? null,
    notes: body.notes ?? null,
    created_at: now,
    updated_at: now,
  });
  const row = await getPolicy(db, tenant, id);
  if (!row) throw new Error('the policy just written is missing');
  return row;
}

export async function patchPolicy(
  db: StateDb,
  row: PolicyRow,
  body: z.output<typeof policyPatchBody>,
  now: number,
): Promise<{ policy: PolicyRow; changed: string[] }> {
  check({
    limitTotalYen: body.limitTotalYen ?? row.limit_total_yen,
    limitPerIncidentYen:
      body.limitPerIncidentYen !== undefined ? body.limitPerIncidentYen : row.limit_per_incident_yen,
    periodStart: body.periodStart ?? row.period_start,
    periodEnd: body.periodEnd ?? row.period_end,
  });
  const patch: Updateable<DeskPoliciesTable> = {};
  const changed: string[] = [];
  const set = <K extends keyof DeskPoliciesTable>(
    key: K,
    field: string,
    v: DeskPoliciesTable[K] | undefined,
  ) => {
    if (v === undefined || row[key] === v) return;
    patch[key] = v as never;
    changed.push(field);
  };
  set('insurer', 'insurer', body.insurer);
  set('policy_number', 'policyNumber', body.policyNumber);
  set('product', 'product', body.product);
  set('limit_total_yen', 'limitTotalYen', body.limitTotalYen);
  set('limit_per_incident_yen', 'limitPerIncidentYen', body.limitPerIncidentYen);
  set('deductible_yen', 'deductibleYen', body.deductibleYen);
  if (body.covered !== undefined && JSON.stringify(body.covered) !== JSON.stringify(coveredKinds(row)))
    set('covered', 'covered', JSON.stringify(body.covered));
  set('period_start', 'periodStart', body.periodStart);
  set('period_end', 'periodEnd', body.periodEnd);
  set('insurer_contact', 'insurerContact', body.insurerContact);
  set('notes', 'notes', body.notes);
  if (changed.length === 0) return { policy: row, changed };
  await updatePolicy(db, row.tenant, row.id, { ...patch, updated_at: now });
  const fresh = await getPolicy(db, row.tenant, row.id);
  if (!fresh) throw new Error('the policy just updated is missing');
  return { policy: fresh, changed };
}
